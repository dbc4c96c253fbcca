from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import add_role_users
from odoo.addons.dental_telephony.tests.common import DentalTelephonyCommon
from odoo.addons.dental_telephony.tools import pbx


@tagged("post_install", "-at_install")
class TestDashboardCalls(DentalTelephonyCommon):
    """Today in the branch: 2 incoming answered, 1 incoming missed, 1 outgoing; a call of another branch is not
    counted. The widget: answered 2, missed 1, outgoing 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        receive = cls.uis._dental_receive
        cls.answered = receive([cls._event(pbx.END, "a1", answered=True)]) | receive(
            [cls._event(pbx.END, "a2", answered=True, caller="89167000002")]
        )
        cls.missed = receive([cls._event(pbx.END, "m1", answered=False, caller="89167000003")])
        cls.outgoing = receive([cls._event(pbx.START, "o1", direction="out")])
        other = cls.env["dental.pbx.account"].create(
            {"name": "Other UIS", "provider": "uis", "company_id": cls.other_company.id}
        )
        other.sudo()._dental_receive([cls._event(pbx.END, "x1", answered=False)])
        # an accountant opens the dashboard (money) but reads no calls
        add_role_users(cls, {"accountant": "account.group_account_user"}, "telrep", "Telrep")
        cls.env.flush_all()

    def _calls(self, user):
        # the calls' own day by the database's clock (the tests' today may be frozen)
        day = min(self.answered.mapped("start")).date()
        data = self.env["dental.report.dashboard"].with_user(user).get_data(day, day)
        return {section["key"]: section for section in data["sections"]}.get("calls")

    def test_counts_of_the_period(self):
        calls = self._calls(self.user_director)
        counts = {row["label"]: row["value"] for row in calls["rows"]}
        self.assertEqual(counts, {"Incoming, answered": 2, "Incoming, missed": 1, "Outgoing": 1})

    def test_a_figure_opens_its_calls(self):
        rows = {row["label"]: row for row in self._calls(self.user_director)["rows"]}
        for label, expected in (("Incoming, missed", self.missed), ("Outgoing", self.outgoing)):
            row = rows[label]
            self.assertEqual(self.env[row["model"]].with_user(self.user_director).search(row["domain"]), expected)

    def test_no_widget_without_the_calls(self):
        """An accountant reads the dashboard's money but no calls: the dashboard comes without the widget."""
        self.assertFalse(self.env["dental.call"].with_user(self.user_accountant).has_access("read"))
        self.assertIsNone(self._calls(self.user_accountant))

    def test_other_branch_not_counted(self):
        """The widget counts the calls of the branches the user works in, not the other branch's missed call."""
        calls = self._calls(self.user_director)
        missed = next(row for row in calls["rows"] if row["label"] == "Incoming, missed")
        self.assertEqual(self.env["dental.call"].sudo().search_count(missed["domain"]), 1)
