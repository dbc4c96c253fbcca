import io
from datetime import timedelta

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DentalReportsCommon


@tagged("post_install", "-at_install")
class TestSeedReports(DentalReportsCommon):
    """The X-ray log, discounts, ДМС policies, recommendations, prosthetic work and income per m², on top of the
    common month (figures counted by hand in each test's docstring)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Image = cls.env["dental.image"]
        image = {"patient_id": cls.patient.id, "date": cls.day}
        cls.xray_pano = Image.create({**image, "kind": "panoramic", "doctor_id": cls.doctor.id, "dose": 20.0})
        cls.xray_apical = Image.create(
            {**image, "kind": "periapical", "doctor_id": cls.doctor.id, "exposure_count": 2, "dose": 5.0}
        )
        cls.xray_cbct = Image.create(
            {**image, "patient_id": cls.patient_2.id, "kind": "cbct", "doctor_id": cls.doctor_2.id, "dose": 100.0}
        )
        cls.photo = Image.create({**image, "kind": "photo", "doctor_id": cls.doctor.id})
        # discounts: 10 % of a 10,000 filling by the programme "Ten", a consultation of 1,000 given away by hand
        cls.program = cls.env["loyalty.program"].create(
            {"name": "Ten", "dental_discount": True, "dental_discount_value": 10.0}
        )
        cls.discounted = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.patient_2.partner_id.id,
                "invoice_date": cls.day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.service_filling.id,
                            "price_unit": 10000.0,
                            "discount": 10.0,
                            "dental_discount_program_id": cls.program.id,
                            "tax_ids": [Command.clear()],
                            "dental_doctor_id": cls.doctor.id,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.service_consult.id,
                            "price_unit": 1000.0,
                            "discount": 100.0,
                            "tax_ids": [Command.clear()],
                            "dental_doctor_id": cls.doctor_2.id,
                        }
                    ),
                ],
            }
        )
        cls.discounted.action_post()
        # recommendations: two records of Dr. Zubova (one without recommendations), one of Dr. Lebedev
        Record = cls.env["dental.visit.record"]
        record = {"patient_id": cls.patient.id, "date": cls.day}
        cls.rec_zubova = Record.create({**record, "doctor_id": cls.doctor.id, "recommendations": "Floss daily"})
        Record.create({**record, "doctor_id": cls.doctor.id, "recommendations": "  "})
        cls.rec_lebedev = Record.create({**record, "doctor_id": cls.doctor_2.id, "recommendations": "Soft food"})
        # prosthetics: two crowns of Dr. Zubova at Lab One (one sent), one bridge of Dr. Lebedev at Lab Two
        lab_tag = cls.env.ref("dental_lab.res_partner_category_laboratory")
        cls.lab_one, cls.lab_two = cls.env["res.partner"].create(
            [
                {"name": "Lab One", "is_company": True, "category_id": [Command.link(lab_tag.id)]},
                {"name": "Lab Two", "is_company": True, "category_id": [Command.link(lab_tag.id)]},
            ]
        )
        cls.crown = cls.env["product.product"].create(
            {
                "name": "Crown (lab)",
                "type": "service",
                "dental_is_lab_service": True,
                "purchase_ok": True,
                "sale_ok": False,
                "supplier_taxes_id": [Command.clear()],
                "seller_ids": [
                    Command.create({"partner_id": cls.lab_one.id, "price": 5000.0}),
                    Command.create({"partner_id": cls.lab_two.id, "price": 6000.0}),
                ],
            }
        )
        cls.orders = cls.env["dental.lab.order"]
        for doctor, lab, qty in (
            (cls.doctor, cls.lab_one, 1),
            (cls.doctor, cls.lab_one, 2),
            (cls.doctor_2, cls.lab_two, 3),
        ):
            cls.orders |= cls.env["dental.lab.order"].create(
                {
                    "patient_id": cls.patient.id,
                    "doctor_id": doctor.id,
                    "lab_id": lab.id,
                    "line_ids": [Command.create({"product_id": cls.crown.id, "product_qty": qty})],
                }
            )
        cls.orders[0].action_send()
        cls.env.flush_all()

    def _created_period(self):
        """The branch's day the lab orders were created (the database's clock: the tests' today is frozen)."""
        day = self.env["dental.report.prosthetics"].search([("order_id", "=", self.orders[0].id)]).date
        return [("company_id", "=", self.company.id), ("date", "=", day)]

    def test_xray_log(self):
        """X-rays (not the photo): Dr. Zubova 2 images, 3 exposures, 25 µSv; Dr. Lebedev 1 CBCT of 100 µSv."""
        Xray = self.env["dental.report.xray"]
        period = self._period()
        self.assertEqual(Xray.search(period).image_id, self.xray_pano | self.xray_apical | self.xray_cbct)
        by_doctor = {
            doctor: (count, exposures, dose)
            for doctor, count, exposures, dose in Xray._read_group(
                period, ["doctor_id"], ["__count", "exposure_count:sum", "dose:sum"]
            )
        }
        self.assertEqual(by_doctor, {self.doctor: (2, 3, 25.0), self.doctor_2: (1, 1, 100.0)})
        self.assertEqual(
            dict(Xray._read_group(period, ["kind"], ["dose:sum"])),
            {"panoramic": 20.0, "periapical": 5.0, "cbct": 100.0},
        )
        row = Xray.search([("image_id", "=", self.xray_pano.id)])
        self.assertEqual(row.card_number, self.patient.card_number)
        action = Xray.action_dental_open_source([*period, ("doctor_id", "=", self.doctor.id)])
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), self.xray_pano | self.xray_apical)

    def test_discount_filters_payment_method_and_first_visit(self):
        """Popova's discounted invoice (never treated before) paid by card: "card", first visit. Kuznetsov, treated
        two days before, gets 50 % off a 2,000 consultation paid 600 in cash and 400 by bank transfer: "mixed",
        secondary visit. A third discounted invoice of Kuznetsov stays unpaid: no method."""
        self._appointment(day=self.day - timedelta(days=2), patient=self.patient)
        self._pay(9000.0, mode="pay", invoice=self.discounted, method="card", patient=self.patient_2)
        mixed = self._discounted_invoice(2000.0, 50.0)
        self._pay(600.0, mode="pay", invoice=mixed, method="cash")
        self._pay(400.0, mode="pay", invoice=mixed, method="bank")
        unpaid = self._discounted_invoice(3000.0, 10.0)
        Discount = self.env["dental.report.discount"]
        period = self._period()

        def moves(domain):
            return Discount.search([*period, *domain]).move_id

        self.assertEqual(moves([("payment_method", "=", "card")]), self.discounted)
        self.assertEqual(moves([("payment_method", "=", "mixed")]), mixed)
        self.assertEqual(moves([("payment_method", "=", False)]), unpaid)
        self.assertFalse(moves([("payment_method", "=", "cash")]))
        self.assertEqual(moves([("patient_kind", "=", "primary")]), self.discounted)
        self.assertEqual(moves([("patient_kind", "=", "secondary")]), mixed | unpaid)
        # the search view's filters and groupings are these fields; discounts summed per method and per kind
        by_method = dict(Discount._read_group(period, ["payment_method"], ["discount_amount:sum"]))
        self.assertEqual(by_method, {"card": 2000.0, "mixed": 1000.0, False: 300.0})
        by_kind = dict(Discount._read_group(period, ["patient_kind"], ["discount_amount:sum"]))
        self.assertEqual(by_kind, {"primary": 2000.0, "secondary": 1300.0})
        arch = Discount.get_view(view_type="search")["arch"]
        for name in ("filter_card", "filter_mixed", "filter_unpaid", "filter_first_visit", "group_payment_method"):
            self.assertIn(f'name="{name}"', arch)

    def _discounted_invoice(self, price, discount):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.patient.partner_id.id,
                "invoice_date": self.day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service_consult.id,
                            "price_unit": price,
                            "discount": discount,
                            "tax_ids": [Command.clear()],
                            "dental_doctor_id": self.doctor_2.id,
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def test_discounts(self):
        """Programme "Ten": income 9,000, discount 1,000; the manual 100 %: income 0, discount 1,000."""
        Discount = self.env["dental.report.discount"]
        period = self._period()
        by_program = {
            program: (amount, discount)
            for program, amount, discount in Discount._read_group(
                period, ["program_id"], ["amount:sum", "discount_amount:sum"]
            )
        }
        self.assertEqual(by_program, {self.program: (9000.0, 1000.0), self.env["loyalty.program"]: (0.0, 1000.0)})
        by_doctor = dict(Discount._read_group(period, ["doctor_id"], ["discount_amount:sum"]))
        self.assertEqual(by_doctor, {self.doctor: 1000.0, self.doctor_2: 1000.0})
        action = Discount.action_dental_open_source(period)
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]).move_id, self.discounted)

    def test_recommendations(self):
        """Records with recommendations only: one per doctor."""
        Recommendation = self.env["dental.report.recommendation"]
        rows = Recommendation.search(self._period())
        self.assertEqual(rows.record_id, self.rec_zubova | self.rec_lebedev)
        self.assertEqual(
            dict(Recommendation._read_group(self._period(), ["doctor_id"], ["__count"])),
            {self.doctor: 1, self.doctor_2: 1},
        )

    def test_prosthetics(self):
        """Dr. Zubova: 2 orders at Lab One (3 items, 15,000 at the lab's prices; one sent); Dr. Lebedev: 1 order at
        Lab Two (3 items, 18,000)."""
        Prosthetics = self.env["dental.report.prosthetics"]
        period = self._created_period()
        self.assertEqual(Prosthetics.search(period).order_id, self.orders)
        by_doctor_lab = {
            (doctor, lab): (count, items, cost)
            for doctor, lab, count, items, cost in Prosthetics._read_group(
                period, ["doctor_id", "lab_id"], ["__count", "item_count:sum", "lab_cost:sum"]
            )
        }
        self.assertEqual(
            by_doctor_lab,
            {(self.doctor, self.lab_one): (2, 3.0, 15000.0), (self.doctor_2, self.lab_two): (1, 3.0, 18000.0)},
        )
        self.assertEqual(dict(Prosthetics._read_group(period, ["state"], ["__count"])), {"sent": 1, "draft": 2})

    def test_income_per_m2(self):
        """The branch of 50 m²: this month's income over 50; its month row opens the month's service lines."""
        self.company.dental_area = 50.0
        self.env.flush_all()
        Area = self.env["dental.report.area"]
        month = self.today.replace(day=1)
        domain = [("company_id", "=", self.company.id), ("date", "=", month)]
        [[income, area, per_m2]] = Area._read_group(domain, [], ["amount:sum", "area:max", "amount_per_m2:avg"])
        services = [
            ("company_id", "=", self.company.id),
            ("date", ">=", month),
            ("date", "<=", self.today.replace(day=28) + timedelta(days=4)),
        ]
        expected = self._sum("dental.report.service", "amount", services)
        self.assertAlmostEqual(income, expected)
        self.assertEqual(area, 50.0)
        self.assertAlmostEqual(per_m2, expected / 50.0)
        action = Area.search(domain).action_dental_open_row()
        lines = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(lines, self.env["dental.report.service"].search(services).line_id)

    def test_income_per_m2_of_several_months_and_branches(self):
        """A group's figure is its income over its branches' area, each branch counted once."""
        self.company.dental_area = 40.0
        other = self.env["res.company"].create({"name": "Area Branch", "dental_area": 60.0})
        self.env.flush_all()
        Area = self.env["dental.report.area"].with_context(allowed_company_ids=[self.company.id, other.id])
        domain = [("company_id", "in", [self.company.id, other.id])]
        [[income, area, per_m2]] = Area._read_group(domain, [], ["amount:sum", "area:max", "amount_per_m2:avg"])
        self.assertEqual(area, 100.0)
        self.assertAlmostEqual(per_m2, income / 100.0)

    def test_dms_policies_by_state(self):
        """Limit 10,000 a year. P1 (valid, 100 days old): 6,000 consumed, 4,000 left. P2 (valid, in its second
        year): 8,000 in the first year, 10,000 in this one: consumed. P3 expired, P4 inactive; P5 of a programme
        without a limit."""
        insurer = self.env["res.partner"].create(
            {"name": "Insurer Beta", "is_company": True, "dental_is_insurer": True}
        )
        Contract = self.env["dental.dms.contract"].with_context(
            default_pricelist_id=self.env["product.pricelist"].create({"name": "Beta prices", "company_id": False}).id
        )
        start = self.today - timedelta(days=800)
        limited = Contract.create(
            {"name": "Limited", "number": "B-1", "insurer_id": insurer.id, "date_start": start, "limit_year": 10000.0}
        )
        unlimited = Contract.create(
            {"name": "Unlimited", "number": "B-2", "insurer_id": insurer.id, "date_start": start}
        )
        Policy = self.env["dental.insurance.policy"]
        today = self.today

        def policy(name, contract, begin, end, **vals):
            return Policy.create(
                {
                    "name": name,
                    "patient_id": self.patient.id,
                    "contract_id": contract.id,
                    "date_start": today - timedelta(days=begin),
                    "date_end": today + timedelta(days=end),
                    **vals,
                }
            )

        p1 = policy("P1", limited, 100, 265)
        p2 = policy("P2", limited, 400, 330)
        policy("P3", limited, 500, -135)
        policy("P4", limited, 10, 300, active=False)
        policy("P5", unlimited, 10, 300)
        Service = self.env["dental.dms.service"]._dms_server()
        for pol, days_ago, amount in ((p1, 5, 6000.0), (p2, 50, 8000.0), (p2, 10, 10000.0)):
            Service.create(
                {
                    "company_id": self.company.id,
                    "date": today - timedelta(days=days_ago),
                    "policy_id": pol.id,
                    "contract_id": pol.contract_id.id,
                    "product_id": self.service_filling.id,
                    "amount_insurer": amount,
                }
            )
        self.env.flush_all()
        Report = self.env["dental.report.dms.policy"]
        rows = {row.policy_id: row for row in Report.search([("insurer_id", "=", insurer.id)])}
        self.assertEqual(
            {
                pol.name: (row.state, row.limit_state, row.consumed_amount, row.remaining_amount, row.service_count)
                for pol, row in rows.items()
            },
            {
                "P1": ("valid", "within", 6000.0, 4000.0, 1),
                "P2": ("valid", "consumed", 10000.0, 0.0, 2),
                "P3": ("expired", "within", 0.0, 10000.0, 0),
                "P4": ("inactive", "within", 0.0, 10000.0, 0),
                "P5": ("valid", "none", 0.0, 0.0, 0),
            },
        )
        # the view agrees with the policy's own figures
        for pol, row in rows.items():
            self.assertEqual(
                (row.state, row.consumed_amount, row.remaining_amount),
                (pol.state, pol.consumed_amount, pol.remaining_amount),
            )
        self.assertEqual(
            dict(Report._read_group([("insurer_id", "=", insurer.id)], ["state"], ["__count"])),
            {"valid": 3, "expired": 1, "inactive": 1},
        )

    def test_access(self):
        """Doctors read their own X-rays, recommendations and lab orders (never the lab's costs), and no
        discounts, ДМС or income per m²; Directors and accountants the money reports."""
        doctor_env = self.env(user=self.user_doctor)
        self.assertEqual(doctor_env["dental.report.xray"].search([]).image_id, self.xray_pano | self.xray_apical)
        self.assertEqual(doctor_env["dental.report.recommendation"].search([]).record_id, self.rec_zubova)
        prosthetics = doctor_env["dental.report.prosthetics"].search([])
        self.assertEqual(prosthetics.order_id, self.orders[:2])
        with self.assertRaises(AccessError):
            prosthetics.read(["lab_cost"])
        for model in ("dental.report.discount", "dental.report.dms.policy", "dental.report.area"):
            with self.assertRaises(AccessError, msg=model):
                doctor_env[model].search([])
        colleague = self.env["dental.report.xray"].search([("doctor_id", "=", self.doctor_2.id)])
        with self.assertRaises(AccessError):
            colleague.with_user(self.user_doctor).read(["dose"])
        for user in (self.user_director, self.user_accountant):
            env = self.env(user=user)
            for model in ("dental.report.discount", "dental.report.area", "dental.report.prosthetics"):
                self.assertTrue(env[model].search([]), f"{user.login} {model}")
            env["dental.report.dms.policy"].search([])  # readable (no policy in this branch)
            self.assertEqual(env["dental.report.prosthetics"].search([]).mapped("lab_cost"), [18000.0, 10000.0, 5000.0])
        with self.assertRaises(AccessError):
            self.env(user=self.user_registrar)["dental.report.xray"].search([])

    def test_export_leaves_out_the_columns_the_user_may_not_read(self):
        """The lab's cost of a prosthetic work is in a Director's export, not in a doctor's (nor in their list)."""
        Prosthetics = self.env["dental.report.prosthetics"]
        lab_cost = Prosthetics.fields_get(["lab_cost"], ["string"])["lab_cost"]["string"]

        def header(user):
            rows = Prosthetics.with_user(user).search([])
            Report = self.env["ir.actions.report"].with_user(user)
            content, __ = Report._render_xlsx("dental_reports.dental_report_prosthetics_xlsx", rows.ids, {})
            return next(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

        self.assertIn(lab_cost, header(self.user_director))
        self.assertNotIn(lab_cost, header(self.user_doctor))
