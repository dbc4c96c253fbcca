from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


class ClinicUsersCommon:
    """Two clinics (branches), a clinic admin of the first, staff of both and a main admin."""

    @classmethod
    def _setup_clinics(cls):
        cls.clinic_a = cls.env["res.company"].create({"name": "Klinik A", "country_id": cls.env.ref("base.se").id})
        cls.clinic_b = cls.env["res.company"].create({"name": "Klinik B", "country_id": cls.env.ref("base.se").id})

        def user(login, company, groups):
            return new_test_user(
                cls.env,
                login=login,
                password=f"{login}-Pass-2026",
                groups=groups,
                company_id=company.id,
                company_ids=[company.id],
            )

        cls.clinic_admin = user("se_clinic_admin", cls.clinic_a, "dental_se.group_clinic_admin")
        cls.staff_a = user("se_staff_a", cls.clinic_a, "dental_patient.group_registrar")
        cls.staff_b = user("se_staff_b", cls.clinic_b, "dental_patient.group_registrar")
        cls.main_admin = user("se_main_admin", cls.clinic_a, "base.group_system,base.group_erp_manager")
        cls.registrar = cls.env.ref("dental_patient.group_registrar")
        cls.doctor = cls.env.ref("dental_patient.group_doctor")
        cls.system = cls.env.ref("base.group_system")


@tagged("post_install", "-at_install")
class TestClinicAdmin(ClinicUsersCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clinics()
        cls.Users = cls.env["res.users"].with_user(cls.clinic_admin).with_context(allowed_company_ids=[cls.clinic_a.id])

    def test_clinic_admin_manages_own_clinic(self):
        self.assertTrue(self.clinic_admin.has_group("dental_patient.group_director"), "a clinic admin is a Director")
        new = self.Users.create(
            {
                "name": "Sköterska Ny",
                "login": "se_new_nurse",
                "company_id": self.clinic_a.id,
                "company_ids": [Command.set(self.clinic_a.ids)],
                "groups_id": [Command.link(self.registrar.id)],
            }
        )
        self.assertTrue(new.has_group("dental_patient.group_registrar"))
        self.staff_a.with_user(self.clinic_admin).write({"groups_id": [Command.link(self.doctor.id)]})
        self.assertTrue(self.staff_a.has_group("dental_patient.group_doctor"))
        self.staff_a.with_user(self.clinic_admin).write({"name": "Renamed", "active": False})
        self.assertFalse(self.staff_a.active, "archived")
        with self.assertRaises(AccessError):
            self.staff_a.with_user(self.clinic_admin).unlink()

    def test_clinic_admin_cannot_reach_another_clinic(self):
        with self.assertRaises(AccessError):
            self.staff_b.with_user(self.clinic_admin).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.Users.create(
                {
                    "name": "X",
                    "login": "se_x",
                    "company_id": self.clinic_b.id,
                    "company_ids": [Command.set(self.clinic_b.ids)],
                }
            )
        with self.assertRaises(AccessError):
            self.staff_a.with_user(self.clinic_admin).write({"company_ids": [Command.link(self.clinic_b.id)]})
        self.assertNotEqual(self.staff_b.name, "Hijacked")

    def test_clinic_admin_cannot_grant_admin_rights(self):
        for groups in (
            "base.group_system",
            "base.group_erp_manager",
            "dental_se.group_clinic_admin",
            "account.group_account_manager",
        ):
            with self.subTest(groups=groups), self.assertRaises(AccessError):
                self.staff_a.with_user(self.clinic_admin).write({"groups_id": [Command.link(self.env.ref(groups).id)]})
        with self.assertRaises(AccessError):
            self.staff_a.with_user(self.clinic_admin).write({f"in_group_{self.system.id}": True})
        with self.assertRaises(AccessError):
            self.main_admin.with_user(self.clinic_admin).write({"password": "taken-over-2026"})
        # last: the refused write leaves the group cache of the test's transaction stale (a request's rollback clears it)
        with self.assertRaises(AccessError):
            self.clinic_admin.with_user(self.clinic_admin).write({"groups_id": [Command.link(self.system.id)]})
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self.assertFalse(self.staff_a.has_group("base.group_system"))
        self.assertFalse(self.clinic_admin.has_group("base.group_system"))

    def test_staff_and_main_admin(self):
        with self.assertRaises(AccessError):
            self.staff_b.with_user(self.staff_a).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.staff_a).create({"name": "X", "login": "se_y"})
        # the main admin keeps Odoo's user management: any clinic, any right
        self.staff_b.with_user(self.main_admin).write({"groups_id": [Command.link(self.system.id)]})
        self.assertTrue(self.staff_b.has_group("base.group_system"))

    def test_own_preferences(self):
        self.clinic_admin.with_user(self.clinic_admin).write({"tz": "Europe/Stockholm"})
        self.assertEqual(self.clinic_admin.tz, "Europe/Stockholm")


@tagged("post_install", "-at_install")
class TestClinicAdminRpc(ClinicUsersCommon, HttpCase):
    """The same paths over JSON-RPC, as a clinic admin's browser (or script) would call them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clinics()

    def call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": "res.users", "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc(self):
        self.authenticate("se_clinic_admin", "se_clinic_admin-Pass-2026")
        user_id = self.call(
            "create",
            [
                {
                    "name": "Ny",
                    "login": "se_rpc_new",
                    "company_id": self.clinic_a.id,
                    "company_ids": [Command.set(self.clinic_a.ids)],
                    "groups_id": [Command.link(self.registrar.id)],
                }
            ],
        )
        self.assertTrue(self.env["res.users"].browse(user_id).has_group("dental_patient.group_registrar"))
        refused = [
            ("write", [[self.staff_b.id], {"name": "Hijacked"}]),
            (
                "create",
                [
                    {
                        "name": "X",
                        "login": "se_rpc_x",
                        "company_id": self.clinic_b.id,
                        "company_ids": [Command.set(self.clinic_b.ids)],
                    }
                ],
            ),
            ("write", [[self.staff_a.id], {"groups_id": [Command.link(self.system.id)]}]),
            ("write", [[self.staff_a.id], {f"in_group_{self.system.id}": True}]),
            ("write", [[self.main_admin.id], {"login": "se_taken"}]),
            ("unlink", [[self.staff_a.id]]),
        ]
        for method, args in refused:
            with self.subTest(method=method, args=args), self.assertRaises(JsonRpcException) as caught:
                self.call(method, args)
            self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.env.invalidate_all()
        self.assertNotEqual(self.staff_b.name, "Hijacked")
        self.assertFalse(self.staff_a.has_group("base.group_system"))
        self.assertEqual(self.main_admin.login, "se_main_admin")
