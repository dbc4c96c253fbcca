from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

SCHEDULE = "dental_calendar.dental_schedule_action"
MY_SCHEDULE = "dental_calendar.dental_my_schedule_action"
INVOICES = "account.action_move_out_invoice"
MAIN = "base.main_company"
SOUTH = "dental_patient.demo_branch_south"
DENTAL_ROLES = (
    "dental_patient.group_assistant",
    "dental_patient.group_doctor",
    "dental_patient.group_registrar",
    "dental_cash.group_cash_senior",
    "dental_patient.group_coordinator",
    "dental_patient.group_director",
)
# login: (role group, branches (the first is the current one), home action, employee)
DEMO_USERS = {
    "registrar": ("dental_patient.group_registrar", [MAIN], SCHEDULE, None),
    "registrar.south": ("dental_patient.group_registrar", [SOUTH], SCHEDULE, None),
    "senior": ("dental_cash.group_cash_senior", [MAIN], SCHEDULE, None),
    "senior.south": ("dental_cash.group_cash_senior", [SOUTH], SCHEDULE, None),
    "doctor": ("dental_patient.group_doctor", [MAIN], MY_SCHEDULE, "dental_calendar.demo_doctor_sergeev"),
    "doctor.south": ("dental_patient.group_doctor", [SOUTH], MY_SCHEDULE, "dental_calendar.demo_doctor_gromov"),
    "assistant": ("dental_patient.group_assistant", [MAIN], MY_SCHEDULE, "dental_clinic.demo_employee_assistant"),
    "assistant.south": (
        "dental_patient.group_assistant",
        [SOUTH],
        MY_SCHEDULE,
        "dental_clinic.demo_employee_assistant_south",
    ),
    "coordinator": ("dental_patient.group_coordinator", [MAIN], SCHEDULE, None),
    "coordinator.south": ("dental_patient.group_coordinator", [SOUTH], SCHEDULE, None),
    "director": ("dental_patient.group_director", [MAIN, SOUTH], SCHEDULE, None),
    "accountant": ("account.group_account_manager", [MAIN], INVOICES, None),
    "accountant.south": ("account.group_account_manager", [SOUTH], INVOICES, None),
}
# the dental roles each role has (implied ones included); the accountant has none (docs/security.md)
ROLE_HAS = {
    "dental_patient.group_assistant": {"dental_patient.group_assistant"},
    "dental_patient.group_doctor": {"dental_patient.group_assistant", "dental_patient.group_doctor"},
    "dental_patient.group_registrar": {"dental_patient.group_registrar"},
    "dental_cash.group_cash_senior": {"dental_patient.group_registrar", "dental_cash.group_cash_senior"},
    "dental_patient.group_coordinator": {"dental_patient.group_coordinator"},
    "dental_patient.group_director": set(DENTAL_ROLES),
    "account.group_account_manager": set(),
}


@tagged("post_install", "-at_install")
class TestDemoUsers(TransactionCase):
    """The demo staff: a user per role and branch, each landing on a first screen they can open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("dental_clinic.demo_user_registrar", raise_if_not_found=False):
            cls.skipTest(cls, "demo data not loaded")
        cls.users = {u.login: u for u in cls.env["res.users"].search([("login", "in", list(DEMO_USERS))])}

    def test_every_role_in_both_branches(self):
        self.assertEqual(set(self.users), set(DEMO_USERS))
        for branch in (MAIN, SOUTH):
            company = self.env.ref(branch)
            roles = {role for role, branches, *_ in DEMO_USERS.values() if branch in branches}
            self.assertEqual(roles, set(ROLE_HAS), f"every role works in {company.name}")

    def test_groups_companies_language(self):
        for login, (role, branches, _action, _employee) in DEMO_USERS.items():
            user = self.users[login]
            with self.subTest(login=login):
                self.assertTrue(user.has_group(role))
                self.assertTrue(user._is_internal())
                for group in DENTAL_ROLES:
                    self.assertEqual(user.has_group(group), group in ROLE_HAS[role], group)
                self.assertEqual(user.company_id, self.env.ref(branches[0]))
                self.assertEqual(user.company_ids, self.env["res.company"].union(*map(self.env.ref, branches)))
                self.assertEqual(user.lang, "ru_RU")
                self.assertEqual(user.tz, "Europe/Moscow")
        self.assertTrue(self.users["accountant"].has_group("account.group_account_invoice"))

    def test_doctors_and_assistants_are_their_employees(self):
        for login, (_role, branches, _action, employee) in DEMO_USERS.items():
            with self.subTest(login=login):
                # as in the user's session: their employee in their current branch
                user = self.env(user=self.users[login])["res.users"].browse(self.users[login].id)
                if employee:
                    self.assertEqual(user.employee_id, self.env.ref(employee))
                    self.assertEqual(user.employee_id.company_id, self.env.ref(branches[0]))
                else:
                    self.assertFalse(user.employee_ids)

    def test_home_action_is_theirs_and_opens(self):
        now = fields.Datetime.now()
        for login, (_role, _branches, action_xmlid, employee) in DEMO_USERS.items():
            user = self.users[login]
            action = self.env.ref(action_xmlid)
            with self.subTest(login=login):
                self.assertEqual(user.action_id.id, action.id)
                as_user = self.env(user=user)
                # what the web client does at login: read the user's home action (as superuser, like
                # /web/action/load), show it through a menu the user sees, then load its records as the user
                self.assertEqual(as_user["res.users"].browse(user.id).read(["action_id"])[0]["action_id"][0], action.id)
                self.assertEqual(as_user["ir.actions.actions"]._for_xml_id(action_xmlid)["id"], action.id)
                visible = as_user["ir.ui.menu"].browse(as_user["ir.ui.menu"]._visible_menu_ids())
                self.assertIn(action, visible.mapped("action"), "reachable from the user's menus")
                if action._name == "ir.actions.act_window":
                    as_user[action.res_model].check_access("read")
                    as_user[action.res_model].search(safe_eval(action.domain or "[]"), limit=80)
                    continue
                schedule = as_user["dental.schedule"].get_schedule(
                    user.company_id.id, now, now + timedelta(days=7), "me" if action_xmlid == MY_SCHEDULE else False
                )
                if action_xmlid == MY_SCHEDULE:
                    self.assertFalse(schedule["no_employee"])
                    self.assertEqual(schedule["employee_id"], self.env.ref(employee).id)
                else:
                    self.assertTrue(schedule["chairs"], "the branch's chairs")

    def test_admin_lands_in_dental(self):
        admin = self.env.ref("base.user_admin")
        self.assertEqual(admin.action_id.id, self.env.ref(SCHEDULE).id)

    def test_dental_app_comes_first(self):
        """A new dental user without a home action opens the Dental app (the web client opens the first app)."""
        user = self.env["res.users"].create(
            {
                "name": "New registrar",
                "login": "new.registrar",
                "groups_id": [fields.Command.set([self.env.ref("dental_patient.group_registrar").id])],
            }
        )
        self.assertFalse(user.action_id)
        apps = self.env(user=user)["ir.ui.menu"].get_user_roots()
        self.assertEqual(apps[:1], self.env.ref("dental_patient.dental_menu_root"))
