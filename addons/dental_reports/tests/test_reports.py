from datetime import date, timedelta

from odoo.tests import tagged

from .common import DentalReportsCommon


@tagged("post_install", "-at_install")
class TestReportFigures(DentalReportsCommon):
    def test_services_rendered_and_income(self):
        """Income 5,000 + 1,000 + 40,000 − 500 = 45,500; by direction and by doctor as counted by hand."""
        period = self._period()
        self.assertAlmostEqual(self._sum("dental.report.service", "amount", period), 45500.0)
        Service = self.env["dental.report.service"]
        by_direction = dict(Service._read_group(period, ["categ_id"], ["amount:sum"]))
        self.assertEqual(
            by_direction, {self.categ_therapy: 5000.0, self.categ_consult: 500.0, self.categ_implant: 40000.0}
        )
        quantities = dict(Service._read_group(period, ["product_id"], ["quantity:sum"]))
        self.assertEqual(quantities[self.service_consult], 0.0)  # one rendered, one credited
        # invoice A is two thirds paid (4,000 of 6,000), B not at all, the open credit note is owed back (−500)
        self.assertAlmostEqual(self._sum("dental.report.service", "paid_amount", period), 4000.0, 2)
        self.assertAlmostEqual(self._sum("dental.report.service", "debt_amount", period), 41500.0, 2)

    def test_income_agrees_with_accounting(self):
        """The income equals the balance of the income accounts of the patients' posted invoices and credit
        notes (Odoo's journal items) for the branch and period; receipts equal the journals' liquidity lines."""
        period = self._period()
        aml = self.env["account.move.line"]
        [[balance]] = aml._read_group(
            [
                ("company_id", "=", self.company.id),
                ("date", ">=", self.day - timedelta(days=1)),
                ("date", "<=", self.day),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                ("move_id.dental_patient_id", "!=", False),
                ("account_id.account_type", "in", ("income", "income_other")),
            ],
            [],
            ["balance:sum"],
        )
        self.assertAlmostEqual(self._sum("dental.report.service", "amount", period), -balance)
        payments = self.card_payment | self.deposit
        [[liquidity]] = aml._read_group(
            [
                ("move_id", "in", payments.move_id.ids),
                ("account_id", "in", (self.card_journal | self.cash_journal).default_account_id.ids),
            ],
            [],
            ["balance:sum"],
        )
        self.assertAlmostEqual(self._sum("dental.report.payment", "amount", period), liquidity)
        self.assertAlmostEqual(liquidity, 7000.0)

    def test_payments_receipts_and_debtors(self):
        period = self._period()
        Payment = self.env["dental.report.payment"]
        self.assertEqual(
            dict(Payment._read_group(period, ["method"], ["amount:sum"])), {"card": 4000.0, "cash": 3000.0}
        )
        self.assertEqual(dict(Payment._read_group(period, ["kind"], ["unallocated_amount:sum"]))["deposit"], 3000.0)
        # 4,000 paid on invoice A spread over its lines: 5/6 therapy, 1/6 consultation
        Receipt = self.env["dental.report.receipt"]
        receipts = dict(Receipt._read_group(self._period(), ["categ_id"], ["amount:sum"]))
        self.assertAlmostEqual(receipts[self.categ_therapy], 4000.0 * 5 / 6, 2)
        self.assertAlmostEqual(receipts[self.categ_consult], 4000.0 / 6, 2)
        self.assertEqual(set(dict(Receipt._read_group(self._period(), ["method"], ["amount:sum"]))), {"card"})
        Debt = self.env["dental.report.debt"]
        debts = dict(Debt._read_group([("company_id", "=", self.company.id)], ["move_id"], ["amount_residual:sum"]))
        self.assertEqual(debts, {self.invoice_a: 2000.0, self.invoice_b: 40000.0})

    def test_doctor_income_and_colour(self):
        """Dr. Zubova: 45,000 of two invoices (2 patients, average 22,500), 3,333.33 paid; Dr. Lebedev 500."""
        Doctor = self.env["dental.report.doctor"]
        rows = Doctor.search([("company_id", "=", self.company.id)])
        zubova = rows.filtered(lambda row: row.doctor_id == self.doctor)
        self.assertEqual(len(zubova), 1)
        self.assertEqual((zubova.amount, zubova.patient_count, zubova.invoice_count), (45000.0, 2, 2))
        self.assertAlmostEqual(zubova.average_check, 22500.0)
        self.assertAlmostEqual(zubova.paid_amount, 5000.0 * 4000 / 6000, 2)
        self.assertEqual(zubova.level, "red")
        self.assertEqual(sum(rows.filtered(lambda row: row.doctor_id == self.doctor_2).mapped("amount")), 500.0)
        # thresholds are system parameters read at each query
        self.env["ir.config_parameter"].set_param("dental_reports.doctor_income_red_below", "40000")
        self.env["ir.config_parameter"].set_param("dental_reports.doctor_income_green_from", "45000")
        zubova.invalidate_recordset()
        self.assertEqual(zubova.level, "green")
        # the average check of a group is its income over its invoices (A, B and the credit note)
        [[average]] = Doctor._read_group([("company_id", "=", self.company.id)], [], ["average_check:avg"])
        self.assertAlmostEqual(average, 45500.0 / 4)

    def test_figure_opens_its_records(self):
        """A figure opens exactly the records it adds up."""
        Service = self.env["dental.report.service"]
        domain = [*self._period(), ("categ_id", "=", self.categ_therapy.id)]
        action = Service.action_dental_open_source(domain)
        lines = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(action["res_model"], "account.move.line")
        self.assertEqual(
            lines, self.invoice_a.invoice_line_ids.filtered(lambda line: line.product_id == self.service_filling)
        )
        action = self.env["dental.report.doctor"].action_dental_open_source([("doctor_id", "=", self.doctor.id)])
        lines = self.env["account.move.line"].search(action["domain"])
        self.assertEqual(lines.move_id, self.invoice_a | self.invoice_b)
        self.assertAlmostEqual(-sum(lines.mapped("balance")), 45000.0)
        action = self.env["dental.report.payment"].action_dental_open_source([*self._period(), ("method", "=", "card")])
        self.assertEqual(self.env["account.payment"].search(action["domain"]), self.card_payment)

    def test_appointments_visits_and_chair_load(self):
        """Two completed visits of one patient (first, then secondary) and a cancelled one; a chair of 8 hours'
        shift with 40 + 40 minutes booked: 16.7% load."""
        first = self._appointment(day=self.day, hour=10.0)
        second = self._appointment(day=self.day, hour=11.0)
        cancelled = self._appointment(day=self.day, hour=12.0, complete=False)
        cancelled.action_dental_cancel()
        self._shift(self.day, 9.0, 17.0)
        self.env.flush_all()
        Appointment = self.env["dental.report.appointment"]
        kinds = {row.event_id: row.patient_kind for row in Appointment.search(self._period())}
        self.assertEqual(kinds, {first: "primary", second: "secondary", cancelled: "none"})
        Chair = self.env["dental.report.chair"]
        [[available, booked, load]] = Chair._read_group(
            self._period(), [], ["available_hours:sum", "booked_hours:sum", "load:avg"]
        )
        self.assertAlmostEqual(available, 8.0)
        self.assertAlmostEqual(booked, 80 / 60, 4)
        self.assertAlmostEqual(float(load), 16.7)
        by_doctor = dict(Chair._read_group(self._period(), ["doctor_id"], ["load:avg"]))
        self.assertAlmostEqual(float(by_doctor[self.doctor]), 16.7)

    def test_local_day_filters_reach_the_utc_index(self):
        """A bound on the local day is also given on the UTC start, a day wider each way; OR domains stay as
        they are; the rows are the same (an appointment at 01:00 Moscow time is the previous day in UTC)."""
        Appointment = self.env["dental.report.appointment"]
        widened = Appointment._dental_widen_date_domain([("date", ">=", "2026-11-10"), ("date", "<=", "2026-11-15")])
        self.assertIn(("start", ">=", "2026-11-09 00:00:00"), widened)
        self.assertIn(("start", "<", "2026-11-17 00:00:00"), widened)
        domain = ["|", ("date", "=", "2026-11-10"), ("state", "=", "completed")]
        self.assertEqual(Appointment._dental_widen_date_domain(domain), domain)
        self.company.dental_outside_hours = "allow"
        night = self._appointment(day=self.day, hour=1.0, complete=False)
        self.env.flush_all()
        self.assertEqual(Appointment.search([("date", "=", self.day), ("event_id", "=", night.id)]).event_id, night)
        self.assertFalse(Appointment.search([("date", "=", self.day - timedelta(days=1)), ("event_id", "=", night.id)]))


@tagged("post_install", "-at_install")
class TestMonthBounds(DentalReportsCommon):
    """The month reports (doctors' income, income per m²) give the bounds of a search on their month to the query
    as a range of the journal items' days (so an index reaches them at the reference size): the figures are those
    of the unbounded report, month by month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.month = cls.day.replace(day=1)
        cls.earlier = (cls.month - timedelta(days=40)).replace(day=1)
        cls.invoice_old = cls._invoice_lines(cls.patient, [(cls.service_filling, 7000.0, cls.doctor)], day=cls.earlier)
        cls.env.flush_all()

    def test_month_days_of_a_domain(self):
        Doctor = self.env["dental.report.doctor"]
        days = Doctor._dental_month_days([("month", ">=", "2026-11-15"), ("month", "<=", "2026-12-01")])
        self.assertEqual(days, ("2026-11-01", "2026-12-31"))
        self.assertEqual(Doctor._dental_month_days([("month", "=", "2026-02-01")]), ("2026-02-01", "2026-02-28"))
        self.assertEqual(Doctor._dental_month_days([("month", "<", "2026-03-01")]), (None, "2026-03-31"))
        self.assertIsNone(Doctor._dental_month_days(["|", ("month", "=", "2026-02-01"), ("month", "=", "2026-05-01")]))
        self.assertIsNone(Doctor._dental_month_days([("company_id", "=", self.company.id)]))
        self.assertIn(date(2026, 2, 28), Doctor._search([("month", "=", "2026-02-01")]).select().params)

    def test_doctor_income_by_month_bounded(self):
        Doctor = self.env["dental.report.doctor"]
        base = [("company_id", "=", self.company.id), ("doctor_id", "=", self.doctor.id)]
        everything = dict(Doctor._read_group(base, ["month:month"], ["amount:sum"]))
        self.assertEqual(everything[self.earlier], 7000.0)
        for month, amount in everything.items():
            with self.subTest(month=month):
                [[bounded]] = Doctor._read_group([*base, ("month", "=", month)], [], ["amount:sum"])
                self.assertEqual(bounded, amount)
        [[recent]] = Doctor._read_group([*base, ("month", ">=", self.month)], [], ["amount:sum"])
        services = [*base, ("date", ">=", self.month)]
        self.assertEqual(recent, self._sum("dental.report.service", "amount", services))
        self.assertTrue(recent)
        # a bound a caller puts in the context never narrows a search: each search sets its own
        wrong = Doctor.with_context(dental_report_days=("2000-01-01", "2000-01-31"))
        self.assertEqual(wrong.search(base), Doctor.search(base))
        self.assertEqual(len(Doctor.search([*base, ("month", "=", self.earlier)])), 1)

    def test_income_per_m2_bounded_keeps_every_month(self):
        """Every branch has a row in every month from the first with income, also when a search is bounded after
        it; the bounded month's income is its income."""
        self.company.dental_area = 10.0
        Area = self.env["dental.report.area"]
        domain = [("company_id", "=", self.company.id), ("date", ">=", self.earlier)]
        rows = dict(Area._read_group(domain, ["date:month"], ["amount:sum"]))
        self.assertEqual(rows[self.earlier], 7000.0)
        this_month = [("company_id", "=", self.company.id), ("date", ">=", self.month)]
        self.assertAlmostEqual(rows[self.month], self._sum("dental.report.service", "amount", this_month))
        gap = (self.earlier + timedelta(days=32)).replace(day=1)
        if gap < self.month:
            bounded = Area._read_group([("company_id", "=", self.company.id), ("date", "=", gap)], [], ["__count"])
            self.assertEqual(bounded[0][0], 1, "the month without income still has its row")
