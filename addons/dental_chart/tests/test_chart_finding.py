from odoo.exceptions import ValidationError
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

    def test_chart_data_query_count_is_constant(self):
        for tooth in self.env["dental.tooth"].search([("dentition", "=", "permanent")])[:10]:
            self._finding(tooth, "2026-01-10", condition=self.caries, surfaces=self.surface_o)
        self.patient.dental_get_chart()  # the reference data (teeth, surfaces, conditions) is cached once
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            self.patient.dental_get_chart()
