from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import BaseCase, tagged

from odoo.addons.dental_chart.tools.mixed_dentition import hidden_teeth, predecessor, present_teeth

from .common import DentalChartCommon

CONDITIONS = {
    "caries": {"drawing": "caries", "draw": "surface"},
    "filling": {"drawing": "filling", "draw": "surface"},
    "missing": {"drawing": "missing", "draw": "missing"},
    "impacted": {"drawing": "unerupted", "draw": "outline"},
    "own_gone": {"drawing": False, "draw": "missing"},
}


def _teeth(**findings):
    """{FDI code: {findings}} from t51=["missing"]-like keyword arguments."""
    return {
        code[1:]: {"findings": [{"condition": condition} for condition in conditions]}
        for code, conditions in findings.items()
    }


@tagged("post_install", "-at_install")
class TestMixedDentitionRule(BaseCase):
    """Which tooth stands at each position of a mixed dentition (tools/mixed_dentition.py)."""

    def _mixed(self, age=None, **findings):
        return present_teeth(_teeth(**findings), CONDITIONS, age)

    def test_predecessors(self):
        self.assertEqual([predecessor(code) for code in ("11", "25", "33", "44")], ["51", "65", "73", "84"])
        self.assertEqual([predecessor(code) for code in ("16", "27", "38")], [None, None, None])
        mixed = self._mixed(age=7)
        self.assertEqual(len(mixed), 32)
        self.assertEqual(len(hidden_teeth(mixed)), 20, "one hidden tooth at each of the 20 positions with two")

    def test_nothing_recorded_follows_the_age(self):
        """A 7-year-old: molars 6 permanent, every primary tooth still in place (the incisors shed at 6-7)."""
        seven = self._mixed(age=7)
        self.assertEqual([seven[code] for code in ("16", "26", "36", "46", "17")], ["16", "26", "36", "46", "17"])
        self.assertEqual([seven[code] for code in ("11", "12", "13", "14", "15")], ["51", "52", "53", "54", "55"])
        self.assertEqual([seven[code] for code in ("31", "41", "35")], ["71", "81", "75"])
        eight = self._mixed(age=8)
        self.assertEqual([eight[code] for code in ("11", "21", "31", "12", "14")], ["11", "21", "31", "52", "54"])
        twelve = self._mixed(age=12)
        self.assertEqual([twelve[code] for code in ("12", "14", "13", "15")], ["12", "14", "53", "55"])
        thirteen = self._mixed(age=13)
        self.assertFalse([code for code in thirteen.values() if code[0] in "5678"], "all permanent at 13")
        self.assertEqual(self._mixed()["11"], "51", "the age unknown: the primary teeth")

    def test_records_decide_before_the_age(self):
        # 51 extracted (or shed): 11 stands there, drawn as recorded (here unerupted)
        self.assertEqual(self._mixed(age=6, t51=["missing"])["11"], "11")
        self.assertEqual(self._mixed(age=6, t51=["missing"], t11=["impacted"])["11"], "11")
        self.assertEqual(self._mixed(age=6, t51=["caries", "own_gone"])["11"], "11", "a clinic's own 'gone'")
        # the successor recorded in the mouth: it has erupted, whatever is left on the primary tooth
        self.assertEqual(self._mixed(age=6, t11=["filling"], t51=["caries"])["11"], "11")
        # the primary tooth recorded in the mouth: retained past the usual age
        self.assertEqual(self._mixed(age=14, t85=["filling"])["45"], "85")
        # the successor missing (agenesis) or unerupted: the primary tooth stays
        self.assertEqual(self._mixed(age=14, t15=["missing"])["15"], "55")
        self.assertEqual(self._mixed(age=14, t13=["impacted"])["13"], "53")
        # the latest finding decides: 13 impacted, later filled (erupted)
        self.assertEqual(self._mixed(age=10, t13=["impacted", "filling"])["13"], "13")
        # findings without a condition tell nothing: the age decides
        teeth = {"51": {"findings": [{"condition": False}]}}
        self.assertEqual(present_teeth(teeth, CONDITIONS, 13)["11"], "11")
        self.assertEqual(present_teeth(teeth, CONDITIONS, 6)["11"], "51")


@tagged("post_install", "-at_install")
class TestMixedDentitionChart(DentalChartCommon):
    """The chart data and the printed dental formula of a 7-year-old in mixed dentition."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.child = cls.env["dental.patient"].create(
            {
                "last_name": "Kuznetsova",
                "first_name": "Masha",
                "birth_date": cls.today - relativedelta(years=7, months=3),
            }
        )
        cls.tooth = {code: cls.env.ref(f"dental_chart.tooth_{code}") for code in ("11", "15", "16", "51", "55")}
        cls.extracted = cls.today - relativedelta(months=2)
        cls._finding(cls.tooth["51"], cls.extracted, condition=cls.missing, patient=cls.child)
        cls._finding(cls.tooth["55"], cls.today - relativedelta(months=1), condition=cls.caries, patient=cls.child)
        cls._finding(cls.tooth["16"], cls.today, condition=cls.filling, patient=cls.child)

    def test_chart_sends_the_tooth_of_each_position(self):
        data = self.child.dental_get_chart()
        self.assertEqual(data["dentition"], "mixed")
        mixed = data["mixed"]
        self.assertEqual(
            (mixed["16"], mixed["26"], mixed["15"], mixed["11"], mixed["21"]), ("16", "26", "55", "11", "61")
        )
        # the chart at a date before the extraction: 51 still there
        before = self.child.dental_get_chart(date=fields.Date.to_string(self.extracted - relativedelta(days=1)))
        self.assertEqual(before["mixed"]["11"], "51")
        self.assertEqual(data["mixed_hidden"], [], "51 is hidden because it is gone: nothing to show")
        # the age on the chart's date: an adult's positions hold the permanent teeth; at 5 the primary ones
        self.assertEqual(self.patient.dental_get_chart()["mixed"]["11"], "11")
        at_five = self.child.birth_date + relativedelta(years=5)
        self.assertEqual(self.child.dental_get_chart(date=fields.Date.to_string(at_five))["mixed"]["11"], "51")

    def _svg(self):
        html, _ = self.env["ir.actions.report"]._render_qweb_html("dental_chart.report_dental_formula", self.child.ids)
        root = etree.fromstring(html, etree.HTMLParser())  # (lower-cases the attribute names: viewbox)
        (svg_html,) = root.xpath("//*[contains(@class, 'o_dental_report_chart')]//svg")
        return etree.fromstring(etree.tostring(svg_html))

    def _codes(self, svg):
        return [tooth.get("data-code") for tooth in svg.xpath("//*[contains(@class, 'o_dental_tooth ')]")]

    def test_formula_prints_one_tooth_per_position(self):
        svg = self._svg()
        codes = self._codes(svg)
        self.assertEqual(len(codes), 32, "one row per jaw")
        self.assertTrue(svg.get("viewbox").endswith(" 300"), "two rows high")
        self.assertEqual(codes[:8], ["18", "17", "16", "55", "54", "53", "52", "11"])
        self.assertNotIn("51", codes)
        self.assertNotIn("15", codes)
        # each by its own shape and number: 55 a primary upper molar, at the place of 15
        (tooth_55,) = svg.xpath("//*[@data-code='55']")
        self.assertEqual(len(tooth_55.xpath(".//*[@class='o_dental_root']")), 3)
        self.assertEqual(tooth_55.xpath(".//*[@class='o_dental_label']")[0].text, "55")
        occlusal = tooth_55.xpath(".//*[@data-surface='O']")[0]
        self.assertEqual(occlusal.get("fill"), self.caries.color)
        (tooth_16,) = svg.xpath("//*[@data-code='16']")
        self.assertEqual(len(tooth_16.xpath(".//*[@class='o_dental_root']")), 3)

    def test_formula_prints_four_rows_when_a_hidden_tooth_has_records(self):
        """15 erupted (a caries on it) hides 55, whose caries must not vanish from the printout."""
        self._finding(self.tooth["15"], self.today, condition=self.caries, patient=self.child)
        data = self.child.dental_get_chart()
        self.assertEqual(data["mixed"]["15"], "15")
        self.assertEqual(data["mixed_hidden"], ["55"])
        svg = self._svg()
        codes = self._codes(svg)
        self.assertEqual(len(codes), 52)
        self.assertIn("55", codes)
        self.assertIn("51", codes)
        self.assertTrue(svg.get("viewbox").endswith(" 600"), "four rows high")
