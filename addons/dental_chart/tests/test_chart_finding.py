from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestChartFinding(DentalChartCommon):
    def test_diagnosis_brings_its_condition(self):
        finding = self._finding(self.tooth_36, "2026-01-10", diagnosis=self.k02_1, surfaces=self.surface_o)
        self.assertEqual(finding.condition_id, self.caries)
        self.assertEqual(finding.state, "active")

    def test_heading_diagnosis_refused(self):
        with self.assertRaises(ValidationError):
            self._finding(self.tooth_36, "2026-01-10", diagnosis=self.env.ref("dental_chart.diagnosis_K02"))

    def test_empty_finding_refused(self):
        with self.assertRaises(ValidationError):
            self._finding(self.tooth_36, "2026-01-10")

    def test_filling_resolves_caries_of_its_surfaces_only(self):
        caries_o = self._finding(self.tooth_36, "2026-01-10", condition=self.caries, surfaces=self.surface_o)
        caries_m = self._finding(self.tooth_36, "2026-01-10", condition=self.caries, surfaces=self.surface_m)
        caries_37 = self._finding(self.tooth_37, "2026-01-10", condition=self.caries, surfaces=self.surface_o)
        filling = self._finding(self.tooth_36, "2026-02-01", condition=self.filling, surfaces=self.surface_o)
        self.assertEqual(caries_o.state, "resolved")
        self.assertEqual(str(caries_o.resolved_date), "2026-02-01")
        self.assertEqual(caries_o.resolved_by_id, filling)
        self.assertEqual(caries_m.state, "active")
        self.assertEqual(caries_37.state, "active")

    def test_missing_tooth_resolves_everything_on_it(self):
        crown = self._finding(self.tooth_36, "2025-05-01", condition=self.crown)
        dx = self._finding(self.tooth_36, "2025-06-01", diagnosis=self.k04_0)
        missing = self._finding(self.tooth_36, "2026-03-01", condition=self.missing)
        self.assertEqual((crown | dx).mapped("state"), ["resolved", "resolved"])
        self.assertEqual(missing.state, "active")

    def test_chart_state_at_a_date(self):
        Finding = self.env["dental.chart.finding"]
        caries = self._finding(self.tooth_36, "2026-01-10", condition=self.caries, surfaces=self.surface_o)
        filling = self._finding(self.tooth_36, "2026-02-01", condition=self.filling, surfaces=self.surface_o)
        self.assertFalse(Finding._get_chart_state(self.patient, "2026-01-01"))
        self.assertEqual(Finding._get_chart_state(self.patient, "2026-01-20")["36"], caries)
        self.assertEqual(Finding._get_chart_state(self.patient, "2026-02-01")["36"], filling)
        self.assertEqual(Finding._get_chart_state(self.patient, "2026-06-01")["36"], filling)

    def test_deleting_the_resolving_finding_reactivates(self):
        caries = self._finding(self.tooth_36, "2026-01-10", condition=self.caries, surfaces=self.surface_o)
        filling = self._finding(self.tooth_36, "2026-02-01", condition=self.filling, surfaces=self.surface_o)
        filling.unlink()
        self.assertEqual(caries.state, "active")
        self.assertFalse(caries.resolved_date)

    def test_resolve_and_reactivate_by_hand(self):
        dx = self._finding(self.tooth_36, "2026-01-10", diagnosis=self.k02_1)
        dx.action_resolve()
        self.assertEqual(dx.state, "resolved")
        self.assertTrue(dx.resolved_date)
        dx.action_reactivate()
        self.assertEqual(dx.state, "active")
        self.assertFalse(dx.resolved_date)

    def test_chart_data_for_the_widget(self):
        self._finding(self.tooth_36, "2026-01-10", diagnosis=self.k02_1, surfaces=self.surface_o)
        self._finding(self.tooth_11, "2026-01-10", condition=self.crown)
        data = self.patient.dental_get_chart(date="2026-02-01")
        self.assertEqual(data["date"], "2026-02-01")
        self.assertEqual(len(data["teeth"]), 52)
        finding = data["teeth"]["36"]["findings"][0]
        self.assertEqual(finding["condition"], "caries")
        self.assertEqual(finding["diagnosis"], "K02.1")
        self.assertEqual(finding["surfaces"], ["O"])
        self.assertEqual(data["teeth"]["11"]["findings"][0]["condition"], "crown")
        self.assertIn("caries", [c["code"] for c in data["conditions"]])
        self.assertFalse(self.patient.dental_get_chart(date="2026-01-01")["teeth"]["36"]["findings"])
        self.assertEqual(data["dentition"], "permanent")
        self.assertEqual(data["teeth"]["36"]["label"], "36")
        self.env.company.dental_tooth_notation = "universal"
        universal = self.patient.dental_get_chart(date="2026-02-01")
        self.assertEqual(universal["notation"], "universal")
        self.assertEqual(universal["teeth"]["36"]["label"], "19")
        self.assertEqual(universal["teeth"]["55"]["label"], "A")

    def test_chart_reference_data_follows_changes(self):
        """The chart's conditions and surfaces are cached per language: a change shows at the next call."""
        data = self.patient.dental_get_chart()
        data["conditions"].clear()  # the caller's copy: the cache is not affected
        self.assertTrue(self.patient.dental_get_chart()["conditions"])
        self.caries.color = "#123456"
        caries = next(c for c in self.patient.dental_get_chart()["conditions"] if c["code"] == "caries")
        self.assertEqual(caries["color"], "#123456")
        self.caries.active = False
        self.assertNotIn("caries", [c["code"] for c in self.patient.dental_get_chart()["conditions"]])
        self.caries.active = True
        self.surface_o.with_context(lang="en_US").name = "Occlusal (chewing)"
        surfaces = {
            s["code"]: s["name"] for s in self.patient.with_context(lang="en_US").dental_get_chart()["surfaces"]
        }
        self.assertEqual(surfaces["O"], "Occlusal (chewing)")

    def test_chart_reference_conditions_per_branch(self):
        """A branch's own condition is drawn in that branch only, also once the reference data is cached."""
        branch_a = self.env["res.company"].create({"name": "Branch A", "parent_id": self.company.id})
        branch_b = self.env["res.company"].create({"name": "Branch B2", "parent_id": self.company.id})
        Condition = self.env["dental.condition"]
        Condition.create({"name": "Own A", "code": "own_a", "company_id": branch_a.id})
        Condition.create({"name": "Own B", "code": "own_b", "company_id": branch_b.id})
        self.user_doctor.write({"company_ids": [(4, branch_a.id), (4, branch_b.id)]})
        patient = self.patient.with_user(self.user_doctor)

        def codes(companies):
            data = patient.with_context(allowed_company_ids=companies.ids).dental_get_chart()
            return {c["code"] for c in data["conditions"]}

        for _round in range(2):  # the second round reads the cache
            in_a, in_b = codes(branch_a), codes(branch_b)
            self.assertIn("own_a", in_a)
            self.assertNotIn("own_b", in_a)
            self.assertIn("own_b", in_b)
            self.assertNotIn("own_a", in_b)
            self.assertIn("caries", in_a & in_b)
            self.assertFalse({"own_a", "own_b"} & codes(self.company))
            self.assertLessEqual({"own_a", "own_b"}, codes(branch_a | branch_b))

    def test_chart_data_query_count_is_constant(self):
        for tooth in self.env["dental.tooth"].search([("dentition", "=", "permanent")])[:10]:
            self._finding(tooth, "2026-01-10", condition=self.caries, surfaces=self.surface_o)
        self.patient.dental_get_chart()  # the reference data (teeth, surfaces, conditions) is cached once
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            self.patient.dental_get_chart()


@tagged("post_install", "-at_install")
class TestFindingSource(DentalChartCommon):
    """Where a finding comes from is the server's: a client cannot tie it to a plan line or pass it as imported."""

    def test_source_fields_refused_to_clients(self):
        plan = self._plan([(self.service_filling, self.tooth_36, 1, 1)])
        Finding = self.env["dental.chart.finding"].with_user(self.user_doctor)
        base = {"patient_id": self.patient.id, "tooth_ids": [Command.set(self.tooth_11.ids)], "note": "x"}
        for vals in ({"origin": "procedure"}, {"sale_line_id": plan.order_line.id}, {"import_ref": "study"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Finding.create(dict(base, **vals))
        finding = Finding.create(dict(base, origin="manual"))
        for vals in ({"origin": "imported"}, {"sale_line_id": plan.order_line.id}, {"import_ref": "study"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                finding.write(vals)
        with self.assertRaises(UserError):
            finding.with_context(dental_finding_server=True).write({"origin": "procedure"})
        finding.write({"origin": "manual", "note": "y"})  # unchanged values are accepted
        finding.unlink()  # a manual finding stays deletable

    def test_links_stay_within_the_patient(self):
        other = self.env["dental.patient"].create({"last_name": "Other", "first_name": "O"})
        mine = self._finding(self.tooth_36, "2026-01-10", condition=self.caries)
        theirs = self._finding(self.tooth_36, "2026-01-10", condition=self.caries, patient=other)
        image = self.env["dental.image"].create({"patient_id": other.id, "kind": "panoramic", "dose": 1})
        with self.assertRaises(ValidationError):
            mine.write({"resolved_by_id": theirs.id})
        with self.assertRaises(ValidationError):
            mine.write({"image_id": image.id})
