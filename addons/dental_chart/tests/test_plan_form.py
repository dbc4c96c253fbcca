import base64

from lxml import etree

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools import file_open

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestPlanForm(DentalChartCommon):
    """The dental plan form and print: the line's doctor, the chart's surfaces and diagnoses, the clinic's print."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the logged-in doctor is not the plan's doctor
        cls.plan_doctor = cls.env["hr.employee"].create({"name": "Dr. Planova"})
        cls.plan_form_view = cls.env.ref("dental_chart.sale_order_view_form")

    @classmethod
    def _draft_plan(cls, doctor=None):
        return cls.env["sale.order"].create(
            {"patient_id": cls.patient.id, "doctor_id": (doctor or cls.plan_doctor).id, "plan_title": "Form test"}
        )

    # ------------------------------------------------------------ line doctor
    def test_line_doctor_defaults_to_the_plan_doctor_over_rpc(self):
        plan = self._draft_plan().with_user(self.user_doctor)
        line = (
            self.env["sale.order.line"]
            .with_user(self.user_doctor)
            .create({"order_id": plan.id, "product_id": self.service_filling.id})
        )
        self.assertEqual(line.doctor_id, self.plan_doctor, "the plan's doctor, not the logged-in user's employee")
        plan.write({"order_line": [Command.create({"product_id": self.service_anesthesia.id})]})
        self.assertEqual(plan.order_line.doctor_id, self.plan_doctor)
        named = self.env["sale.order.line"].create(
            {"order_id": plan.id, "product_id": self.service_filling.id, "doctor_id": self.doctor.id}
        )
        self.assertEqual(named.doctor_id, self.doctor, "a line naming its doctor keeps it")
        section = self.env["sale.order.line"].create(
            {"order_id": plan.id, "display_type": "line_section", "name": "Visit 1"}
        )
        self.assertFalse(section.doctor_id)

    def test_line_doctor_defaults_to_the_plan_doctor_in_the_plan_form(self):
        plan = self._draft_plan()
        with Form(plan.with_user(self.user_doctor), view=self.plan_form_view) as plan_form:
            with plan_form.order_line.new() as line:
                line.product_id = self.service_filling
                self.assertEqual(line.doctor_id, self.plan_doctor)
        self.assertEqual(plan.order_line.doctor_id, self.plan_doctor)
        # changing the plan's doctor moves the procedures that followed it, not those naming another doctor
        plan.order_line[0].doctor_id = False
        plan.write(
            {"order_line": [Command.create({"product_id": self.service_anesthesia.id, "doctor_id": self.doctor.id})]}
        )
        new_doctor = self.env["hr.employee"].create({"name": "Dr. Novikova"})
        with Form(plan, view=self.plan_form_view) as plan_form:
            plan_form.doctor_id = new_doctor
        self.assertEqual(
            plan.order_line.mapped(lambda line: (line.product_id, line.doctor_id)),
            [(self.service_filling, new_doctor), (self.service_anesthesia, self.doctor)],
        )

    def test_wizard_adding_to_a_plan_takes_the_plan_doctor(self):
        plan = self._draft_plan()
        wizard_form = Form(
            self.env["dental.plan.wizard"]
            .with_user(self.user_doctor)
            .with_context(default_patient_id=self.patient.id, default_step="edit")
        )
        self.assertEqual(wizard_form.doctor_id, self.doctor, "a new plan: the logged-in doctor")
        wizard_form.order_id = plan
        self.assertEqual(wizard_form.doctor_id, self.plan_doctor)
        with wizard_form.line_ids.new() as line:
            line.product_id = self.service_filling
        wizard = wizard_form.save()
        wizard.action_next()
        wizard.action_save()
        self.assertEqual(plan.order_line.doctor_id, self.plan_doctor)

    # ------------------------------------------------------------ chart → plan
    def test_surfaces_chosen_on_the_chart_go_into_the_plan_lines(self):
        template = self.env["dental.plan.template"].create(
            {
                "name": "Filling with anesthesia",
                "line_ids": [
                    Command.create({"product_id": self.service_anesthesia.id, "per_tooth": False}),
                    Command.create({"product_id": self.service_filling.id}),
                ],
            }
        )
        # what the chart's "Plan Treatment" opens: the selected teeth and surfaces as defaults
        wizard = (
            self.env["dental.plan.wizard"]
            .with_context(
                default_patient_id=self.patient.id,
                default_tooth_ids=self.tooth_36.ids,
                default_surface_ids=(self.surface_o | self.surface_m).ids,
                default_step="pick",
            )
            .create({})
        )
        self.assertEqual(wizard.surface_ids, self.surface_o | self.surface_m)
        wizard.action_pick(template)
        wizard.action_next()
        action = wizard.action_save()
        self.assertEqual(action["views"], [(self.plan_form_view.id, "form")], "the plan opens in the plan form")
        plan = self.env["sale.order"].browse(action["res_id"])
        filling = plan.order_line.filtered(lambda line: line.product_id == self.service_filling)
        self.assertEqual(filling.tooth_ids, self.tooth_36)
        self.assertEqual(filling.surface_ids, self.surface_o | self.surface_m)
        anesthesia = plan.order_line - filling
        self.assertFalse(anesthesia.tooth_ids)
        self.assertFalse(anesthesia.surface_ids, "a procedure not on teeth gets no surface")

    def test_picking_a_diagnosis_fills_its_condition(self):
        self.assertEqual(self.k02_1.condition_id, self.caries, "K02.1 maps to caries in the reference data")
        finding_form = Form(self.env["dental.chart.finding"].with_user(self.user_doctor))
        finding_form.patient_id = self.patient
        finding_form.tooth_ids.add(self.tooth_36)
        finding_form.diagnosis_id = self.k02_1
        self.assertEqual(finding_form.condition_id, self.caries)
        finding = finding_form.save()
        self.assertEqual(finding.condition_id, self.caries)
        # over RPC too: a new diagnosis without a condition brings the one it maps to
        k04_0_condition = self.k04_0.condition_id
        finding.write({"diagnosis_id": self.k04_0.id})
        self.assertEqual(finding.condition_id, k04_0_condition or self.caries)
        finding.write({"diagnosis_id": self.k02_1.id, "condition_id": self.filling.id})
        self.assertEqual(finding.condition_id, self.filling, "a condition given with the diagnosis wins")

    # ------------------------------------------------------------ form
    def test_plans_open_in_the_plan_form(self):
        plan = self._draft_plan()
        self.assertEqual(plan.get_formview_id(), self.plan_form_view.id)
        order = self.env["sale.order"].create({"partner_id": self.patient.partner_id.id})
        self.assertNotEqual(order.get_formview_id(), self.plan_form_view.id, "other orders keep Odoo's form")
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_chart.sale_order_action_treatment_plan")
        self.assertIn([self.plan_form_view.id, "form"], [list(view) for view in action["views"]])
        arch = etree.fromstring(plan.get_views([(self.plan_form_view.id, "form")])["views"]["form"]["arch"])

        def shown(nodes):
            return [node for node in nodes if node.get("invisible") not in ("True", "1", "true")]

        self.assertEqual(len(shown(arch.xpath("//header/button[@name='action_dental_approve']"))), 1)
        self.assertFalse(shown(arch.xpath("//header/button[@name='action_confirm']")), "one approve button")
        self.assertFalse(shown(arch.xpath("//button[@name='action_open_reward_wizard']")), "no reward button")
        lines = arch.xpath("//field[@name='order_line']/list")[0]
        self.assertEqual(lines.xpath("field[@name='qty_delivered']")[0].get("column_invisible"), "True")
        self.assertFalse(shown(arch.xpath("//page[@name='optional_products' or @name='pdf_quote_builder']")))

    def test_creation_message_names_the_plan(self):
        plan = self.env["sale.order"].with_context(tracking_disable=False).create({"patient_id": self.patient.id})
        self.assertIn("Treatment plan created", plan.message_ids[-1:].body)

    # ------------------------------------------------------------ print
    def _render(self, plan):
        plan.partner_id.lang = "en_US"
        return self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_treatment_plan", plan.ids)[0]

    def test_print_names_the_clinic_without_placeholders(self):
        with file_open("dental_patient/static/img/demo_clinic_logo.png", "rb") as logo_file:
            logo = base64.b64encode(logo_file.read())
        self.company.write(
            {
                "name": "Clinic Smile",
                "street": "Tverskaya 12",
                "city": "Moscow",
                "zip": "125009",
                "country_id": self.env.ref("base.ru").id,
                "state_id": False,
                "vat": "7707083893",
                "company_registry": "1027700132195",
                "dental_kpp": "770701001",
                "dental_license_number": "L041-01137",
                "logo": logo,
                "external_report_layout_id": self.env.ref("web.external_layout_standard").id,
            }
        )
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        html = self._render(plan).decode()
        for text in ("Clinic Smile", "Tverskaya 12", "125009", "INN 7707083893", "KPP 770701001", "OGRN 1027700132195"):
            self.assertIn(text, html)
        self.assertIn("L041-01137", html)
        self.assertIn(logo.decode()[:200], html, "the clinic's logo")
        default_logo = self.env["res.company"]._get_logo().decode()
        self.assertNotIn(default_logo[:200], html, "not Odoo's 'Your logo' placeholder")
        self.assertNotIn("Your logo", html)
        self.assertNotIn(" CA ", html)

        # a branch's plan: the branch's address, the head company's legal requisites
        branch = self.env["res.company"].create(
            {
                "name": "Smile South",
                "parent_id": self.company.id,
                "street": "Varshavskoe 87",
                "city": "Moscow",
                "country_id": self.env.ref("base.ru").id,
                "logo": logo,
            }
        )
        self.env.user.company_ids |= branch
        branch_plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)]).with_company(branch)
        branch_plan.company_id = branch
        html = self._render(branch_plan).decode()
        self.assertIn("Varshavskoe 87", html)
        self.assertEqual(branch_plan._dental_report_clinic()["legal_name"], "Clinic Smile")
        self.assertIn("Clinic Smile</span>", html, "the legal entity is named on a branch's plan")
        self.assertIn("INN 7707083893", html)

    def test_print_amounts_add_up_to_the_total(self):
        tax = self.env["account.tax"].create({"name": "Test VAT 20", "amount": 20, "type_tax_use": "sale"})
        plan = self._plan([(self.service_filling, self.tooth_36, 2, 1), (self.service_anesthesia, self.tooth_36, 1, 1)])
        plan.order_line.tax_id = tax
        filling = plan.order_line.filtered(lambda line: line.product_id == self.service_filling)
        filling.discount = 10
        plan.write(
            {
                "order_line": [
                    Command.create(
                        {"product_id": self.service_anesthesia.id, "name": "Loyal patient", "price_unit": -500}
                    )
                ]
            }
        )
        visits = plan._dental_get_visits()
        self.assertEqual(visits[0][2], 5000 * 2 * 0.9 + 800, "a visit's total: its lines before tax, discounted")
        discounts = plan._dental_get_discount_lines()
        self.assertEqual(discounts.name, "Loyal patient")
        self.assertAlmostEqual(sum(v[2] for v in visits) + sum(discounts.mapped("price_subtotal")), plan.amount_untaxed)
        html = self._render(plan).decode()
        self.assertIn("Loyal patient", html)
        self.assertIn("Taxes", html)
