import base64

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.web.tests.test_js import unit_test_error_checker


@tagged("post_install", "-at_install")
class TestDentalChartUi(HttpCase):
    def test_odontogram_js_unit_tests(self):
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&tag=dental_chart",
            "",
            "",
            login="admin",
            success_signal="[HOOT] test suite succeeded",
            error_checker=unit_test_error_checker,
            timeout=600,
        )

    def test_diagnose_and_plan_tour(self):
        patient = self.env["dental.patient"].create({"last_name": "Tourov", "first_name": "Pavel"})
        k02_1 = self.env.ref("dental_chart.diagnosis_K02_1")
        service = self.env["product.product"].create(
            {
                "name": "Tour filling",
                "is_dental_service": True,
                "list_price": 4200,
                "dental_duration": 40,
                "dental_condition_id": self.env.ref("dental_chart.condition_filling").id,
            }
        )
        self.env["dental.plan.template"].create(
            {
                "name": "Tour: caries of dentine",
                "sequence": 1,
                "diagnosis_ids": [Command.set(k02_1.ids)],
                "line_ids": [Command.create({"product_id": service.id, "visit_number": 1})],
            }
        )
        # the clinic's document layout is chosen: printing goes straight to the PDF (no layout configurator)
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.start_tour(f"/odoo/dental-patients/{patient.id}", "dental_chart_diagnose_and_plan", login="admin")
        finding = self.env["dental.chart.finding"].search([("patient_id", "=", patient.id)])
        self.assertEqual(finding.tooth_ids.code, "36")
        self.assertEqual(finding.diagnosis_id, k02_1)
        self.assertEqual(finding.surface_ids.code, "O")
        self.assertEqual(finding.state, "active")
        plan = self.env["sale.order"].search([("patient_id", "=", patient.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.plan_state, "approved")
        self.assertEqual(plan.order_line.product_id, service)
        self.assertEqual(plan.order_line.tooth_ids.code, "36")
        self.assertEqual(plan.order_line.surface_ids.code, "O", "the surface chosen on the chart")

    def test_odontogram_tour(self):
        """Chart a crown, an implant and an extraction, see them drawn, print the dental formula."""
        patient = self.env["dental.patient"].create({"last_name": "Chartova", "first_name": "Vera"})
        self.env["res.lang"]._activate_lang("en_US")  # the database speaks Russian; the tour picks English names
        self.env.ref("base.user_admin").lang = "en_US"
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.start_tour(f"/odoo/dental-patients/{patient.id}", "dental_chart_odontogram", login="admin")
        findings = self.env["dental.chart.finding"].search([("patient_id", "=", patient.id)])
        self.assertEqual(
            {(finding.tooth_ids.code, finding.condition_id.drawing) for finding in findings},
            {("11", "crown"), ("36", "implant"), ("48", "extraction")},
        )

    def test_perio_keyboard_tour(self):
        patient = self.env["dental.patient"].create({"last_name": "Parodontova", "first_name": "Irina"})
        exam = self.env["dental.perio.exam"].create({"patient_id": patient.id})
        self.start_tour(
            f"/odoo/action-dental_chart.dental_perio_exam_action/{exam.id}",
            "dental_chart_perio_keyboard",
            login="admin",
        )
        line_18 = exam.line_ids.filtered(lambda line: line.tooth_id.code == "18")
        self.assertEqual((line_18.pd_db, line_18.pd_b, line_18.pd_mb), (3, 2, 5))
        self.assertTrue(line_18.bleed_mb)
        self.assertFalse(line_18.bleed_db or line_18.bleed_b)
        self.assertEqual(exam.deep_pocket_count, 1)
        self.assertFalse(exam.line_ids.filtered(lambda line: line.tooth_id.code != "18" and line.max_pd))

    def test_visit_record_tour(self):
        admin = self.env.ref("base.user_admin")
        if not admin.employee_id:
            self.env["hr.employee"].create({"name": "Admin Doctor", "user_id": admin.id})
        patient = self.env["dental.patient"].create({"last_name": "Recordova", "first_name": "Anna"})
        self.env["dental.record.template"].create(
            {
                "name": "Tour template",
                "group": "Therapy",
                "diagnosis_id": self.env.ref("dental_chart.diagnosis_K02_1").id,
                "complaints": "Tour complaint",
                "treatment": "Tour filling placed",
                "recommendations": "Tour recommendation",
            }
        )
        self.start_tour(f"/odoo/dental-patients/{patient.id}", "dental_chart_visit_record", login="admin")
        record = self.env["dental.visit.record"].search([("patient_id", "=", patient.id)])
        self.assertEqual(len(record), 1)
        self.assertEqual(record.state, "signed")
        self.assertEqual(record.signed_by_id, admin)
        self.assertEqual(record.complaints, "Tour complaint")
        self.assertEqual(record.treatment, "Tour filling placed")
        self.assertEqual(record.recommendations, "Tour recommendation edited")
        self.assertEqual(record.diagnosis_id.code, "K02.1")

    def test_image_viewer_tour(self):
        """Open an X-ray in the viewer, zoom, rotate, compare with an older image of the same tooth, see it on the chart."""
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        )
        patient = self.env["dental.patient"].create({"last_name": "Snimkova", "first_name": "Vera"})
        tooth_36 = self.env.ref("dental_chart.tooth_36")
        images = self.env["dental.image"]
        for name, date in (("Tour OPG", "2026-05-17"), ("Tour PA 36", "2026-01-10")):
            picture = self.env["ir.attachment"].create({"name": f"{name}.png", "raw": png, "mimetype": "image/png"})
            images |= images.create(
                {
                    "name": name,
                    "patient_id": patient.id,
                    "kind": "panoramic" if name == "Tour OPG" else "periapical",
                    "date": date,
                    "tooth_ids": [Command.set(tooth_36.ids)],
                    "attachment_ids": [Command.set(picture.ids)],
                }
            )
        self.start_tour(
            f"/odoo/action-dental_chart.dental_image_action/{images[0].id}", "dental_image_viewer", login="admin"
        )
        self.assertEqual(images[0].dental_get_viewer_data()["compare"][0]["id"], images[1].id)


@tagged("post_install", "-at_install")
class TestDentalMenusClickEverywhere(HttpCase):
    """Every menu, view and filter of the Dental app opens without error, for a director and a registrar."""

    allow_end_on_form = True

    def _click_everywhere(self, login):
        self.browser_js(
            "/odoo",
            "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
            ".startClickEverywhere('dental_patient.dental_menu_root');",
            "odoo.isReady === true",
            login=login,
            timeout=600,
            success_signal="clickbot test succeeded",
        )

    def test_click_everywhere_as_director(self):
        self.env.ref("base.user_admin").tour_enabled = False
        self._click_everywhere("admin")

    def test_click_everywhere_as_registrar(self):
        mail_new_test_user(
            self.env,
            login="click_registrar",
            password="click_registrar",
            groups="dental_patient.group_registrar",
            tour_enabled=False,
        )
        self._click_everywhere("click_registrar")


@tagged("post_install", "-at_install")
class TestDentalChartScreens(HttpCase):
    """Each screen of the addon opens on a filled record without a client error."""

    def test_screens_open(self):
        env = self.env
        patient = env["dental.patient"].create(
            {"last_name": "Screens", "first_name": "Olga", "birth_date": "2015-01-01"}
        )
        perio = env["dental.perio.exam"].create({"patient_id": patient.id})
        perio.copy({"compare_exam_id": perio.id})
        ortho = env["dental.ortho.card"].create({"patient_id": patient.id, "complaints": "Crowding"})
        image = env["dental.image"].create({"patient_id": patient.id, "kind": "panoramic", "dose": 16})
        doctor = env["hr.employee"].create({"name": "Dr. Screens"})
        record = env["dental.visit.record"].create(
            {"patient_id": patient.id, "doctor_id": doctor.id, "complaints": "Pain"}
        )
        finding = env["dental.chart.finding"].create(
            {"patient_id": patient.id, "tooth_ids": [(6, 0, env.ref("dental_chart.tooth_55").ids)], "note": "Check"}
        )
        template = env["dental.plan.template"].search([], limit=1) or env["dental.plan.template"].create(
            {"name": "Screen template"}
        )
        urls = [
            f"/odoo/dental-patients/{patient.id}",
            f"/odoo/action-dental_chart.dental_perio_exam_action/{perio.id + 1}",
            f"/odoo/action-dental_chart.dental_ortho_card_action/{ortho.id}",
            f"/odoo/action-dental_chart.dental_image_action/{image.id}",
            f"/odoo/action-dental_chart.dental_visit_record_action/{record.id}",
            f"/odoo/action-dental_chart.dental_chart_finding_action/{finding.id}",
            f"/odoo/action-dental_chart.dental_plan_template_action/{template.id}",
            "/odoo/action-dental_chart.dental_condition_action",
            "/odoo/action-dental_chart.dental_diagnosis_action",
            "/odoo/dental-price-list",
            "/odoo/action-dental_chart.dental_image_action_xray_log",
            "/odoo/action-dental_chart.dental_record_template_action",
            "/odoo/action-dental_chart.dental_tooth_action",
            "/odoo/settings",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.start_tour(url, "dental_chart_open_view", login="admin")
