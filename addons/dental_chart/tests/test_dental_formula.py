from lxml import etree

from odoo.tests import tagged

from odoo.addons.dental_chart.tools.odontogram_svg import STATUS_COLORS, geometry, tooth_type

from .common import DentalChartCommon


@tagged("post_install", "-at_install")
class TestDentalFormula(DentalChartCommon):
    """The chart printed as a vector image: the dental formula, the visit record and the treatment plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.implant = ref("dental_chart.condition_implant")
        cls.extraction = ref("dental_chart.condition_planned_extraction")
        cls.rct = ref("dental_chart.condition_rct")
        cls.service_implant = cls.env["product.product"].create(
            {"name": "Implant placement", "is_dental_service": True, "dental_condition_id": cls.implant.id}
        )
        cls._finding(ref("dental_chart.tooth_11"), "2026-01-10", condition=cls.crown)
        cls._finding(ref("dental_chart.tooth_48"), "2026-01-10", condition=cls.extraction)
        cls._finding(ref("dental_chart.tooth_46"), "2026-01-10", condition=cls.missing)
        cls._finding(ref("dental_chart.tooth_26"), "2026-02-10", condition=cls.rct)
        cls.plan = cls._plan(
            [(cls.service_implant, ref("dental_chart.tooth_46"), 1), (cls.service_filling, cls.tooth_36, 1)],
            approve=True,
        )
        cls.plan.date_order = "2026-01-15 10:00:00"

    def _svg(self, html):
        """The chart's <svg> element of a rendered report."""
        root = etree.fromstring(html, etree.HTMLParser())
        (svg_html,) = root.xpath("//*[contains(@class, 'o_dental_report_chart')]//svg")
        return etree.fromstring(etree.tostring(svg_html))

    def _all(self, element, tag, cls, then=""):
        return element.xpath(f".//*[local-name()='{tag}'][@class='{cls}']{then}")

    def _surface(self, tooth, code):
        return tooth.xpath(f".//*[local-name()='polygon'][@data-surface='{code}']")

    def _tooth(self, svg, code):
        (tooth,) = svg.xpath(f"//*[@data-code='{code}']")
        return tooth

    def _classes(self, element):
        return {cls for node in element.iter() for cls in (node.get("class") or "").split()}

    def test_geometry_is_the_widget_s(self):
        """The server reads the tooth geometry of the widget's layout module: one source for both drawings."""
        self.assertEqual(set(geometry()["teeth"]), {"permanent", "primary"})
        self.assertEqual(len(tooth_type("16")["roots"]), 3)
        self.assertEqual(len(tooth_type("36")["roots"]), 2)
        self.assertEqual(len(tooth_type("14")["roots"]), 2)
        self.assertEqual(tooth_type("53")["kind"], "canine")

    def test_formula_report_draws_the_chart(self):
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "dental_chart.report_dental_formula", self.patient.ids
        )
        svg = self._svg(html)
        self.assertEqual(len(svg.xpath("//*[contains(@class, 'o_dental_tooth ')]")), 32, "the permanent teeth")
        # each tooth by its type: an upper molar has 3 roots, a lower molar 2, an incisor 1
        for code, roots in (("16", 3), ("37", 2), ("21", 1)):
            tooth = self._tooth(svg, code)
            self.assertEqual(len(self._all(tooth, "path", "o_dental_root")), roots, code)
        crown = self._all(self._tooth(svg, "11"), "g", "o_dental_crown")
        self.assertEqual(crown[0].get("stroke"), STATUS_COLORS["existing"], "an existing crown is black")
        cross = self._all(self._tooth(svg, "48"), "g", "o_dental_cross")
        self.assertEqual(cross[0].get("stroke"), self.extraction.color)
        canals = self._all(self._tooth(svg, "26"), "g", "o_dental_canal", "/*[local-name()='path']")
        self.assertEqual(len(canals), 3, "a canal line in each root")
        # the missing 46 with an implant planned: the screw in the plan colour, no root
        tooth_46 = self._tooth(svg, "46")
        implant = self._all(tooth_46, "g", "o_dental_implant")
        self.assertEqual(implant[0].get("stroke"), STATUS_COLORS["planned"])
        self.assertNotIn("o_dental_root", self._classes(tooth_46))
        self.assertIn("o_dental_planned", tooth_46.get("class"))
        # the filling planned on 36 (no surface: the whole crown)
        occlusal = self._surface(self._tooth(svg, "36"), "O")
        self.assertEqual(occlusal[0].get("fill"), STATUS_COLORS["planned"])
        self.assertIn(b"Implant placement", html)
        self.assertIn(b"Existing (done elsewhere)", html)

    def test_chart_at_a_date_and_done_here(self):
        """A printout on a date draws what was true that day; a procedure done here is blue."""
        self.plan.order_line.filtered(lambda line: line.product_id == self.service_filling)._dental_complete(
            date="2026-03-01"
        )
        data = self.patient.dental_get_chart(date="2026-02-01")
        self.assertFalse(data["teeth"]["26"]["findings"], "the root canal was filled later")
        self.assertEqual([line["condition"] for line in data["teeth"]["36"]["plan"]], ["filling"])
        chart = self.patient._dental_print_chart(date="2026-03-05")
        svg = etree.fromstring(str(chart["svg"]))
        occlusal = self._surface(self._tooth(svg, "36"), "O")
        self.assertEqual(occlusal[0].get("fill"), STATUS_COLORS["done"], "done here: blue")
        self.assertFalse(self.patient.dental_get_chart(date="2026-03-05")["teeth"]["36"]["plan"], "no longer planned")

    def test_bridge_pontics(self):
        """A bridge over 34-36 resolves the "missing" of 35: 35 is still drawn as the pontic, without roots."""
        ref = self.env.ref
        bridge = ref("dental_chart.condition_bridge")
        self._finding(ref("dental_chart.tooth_35"), "2026-01-10", condition=self.missing)
        self._finding(
            ref("dental_chart.tooth_34") | ref("dental_chart.tooth_35") | ref("dental_chart.tooth_36"),
            "2026-02-01",
            condition=bridge,
        )
        teeth = self.patient.dental_get_chart()["teeth"]
        self.assertEqual([f["condition"] for f in teeth["35"]["findings"]], ["bridge"], "the bridge resolved it")
        self.assertTrue(teeth["35"]["findings"][0]["pontic"])
        self.assertNotIn("pontic", teeth["34"]["findings"][0])
        svg = etree.fromstring(str(self.patient._dental_print_chart()["svg"]))
        self.assertEqual(len(self._all(svg, "rect", "o_dental_bridge o_dental_pontic")), 1)
        self.assertEqual(len(self._all(svg, "rect", "o_dental_bridge")), 2, "the abutments 34 and 36")
        self.assertFalse(self._all(self._tooth(svg, "35"), "path", "o_dental_root"))
        self.assertTrue(self._all(self._tooth(svg, "34"), "path", "o_dental_root"))

    def test_visit_record_and_plan_print_the_chart(self):
        record = self.env["dental.visit.record"].create(
            {"patient_id": self.patient.id, "doctor_id": self.doctor.id, "date": "2026-01-20"}
        )
        html, _ = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_visit_record", record.ids)
        svg = self._svg(html)
        self.assertTrue(self._all(self._tooth(svg, "11"), "g", "o_dental_crown"))
        self.assertFalse(self._all(self._tooth(svg, "26"), "g", "o_dental_canal"), "filled after the visit")
        html, _ = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_treatment_plan", self.plan.ids)
        svg = self._svg(html)
        self.assertTrue(self._all(self._tooth(svg, "46"), "g", "o_dental_implant"))

    def test_chart_left_out_for_who_may_not_see_it(self):
        """A registrar prints a plan without the medical chart."""
        patient = self.patient.with_user(self.user_registrar)
        if patient.env["dental.chart.finding"].has_access("read"):
            self.skipTest("the registrar reads the chart in this configuration")
        self.assertFalse(patient._dental_print_chart())
