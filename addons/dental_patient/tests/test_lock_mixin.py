from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY, PAST_PERIOD, DentalLockMixin
from odoo.addons.dental_patient.tools.localtime import day_bounds, float_hours, local_date, local_to_utc, utc_to_local


@tagged("post_install", "-at_install")
class TestLockMixin(TransactionCase):
    """Every model joining ``dental.lock.mixin`` declares its lock; the past-period lock of a head company binds
    its branches."""

    def _joining_models(self):
        mixin = self.env.registry["dental.lock.mixin"]
        return {
            name: cls
            for name, cls in self.env.registry.items()
            if name != mixin._name and not cls._abstract and issubclass(cls, mixin)
        }

    def test_every_joining_model_declares_its_lock(self):
        joining = self._joining_models()
        for name, cls in joining.items():
            Model = self.env[name]
            locks = Model._dental_lock_fields()
            self.assertTrue(locks, f"{name} inherits the lock mixin but joins no lock")
            for lock, fnames in locks.items():
                self.assertIn(lock, (CLOSED_DAY, PAST_PERIOD), f"{name}: unknown lock {lock}")
                self.assertTrue(fnames is None or fnames, f"{name}: no field of {lock} is checked")
                missing = set(fnames or ()) - set(Model._fields)
                self.assertFalse(missing, f"{name}: {lock} names fields the model does not have: {missing}")
                # the model says which (branch, date) pairs a record touches: without it the lock holds nothing
                self.assertIsNot(
                    cls._dental_lock_pairs, DentalLockMixin._dental_lock_pairs, f"{name}: no (branch, date) pairs"
                )
                record = Model.sudo().search([], limit=1)
                for company, day in record._dental_lock_pairs(lock):
                    self.assertIn(company._name, ("res.company",), name)
                    self.assertTrue(not day or isinstance(day, date), name)
        # appointments join with dental_calendar: with it installed the test checks at least them
        self.assertTrue(joining or "dental.chair" not in self.env, "no model joins the lock: nothing was checked")

    def test_past_period_of_a_head_company_binds_its_branches(self):
        head = self.env.company
        branch = self.env["res.company"].create({"name": "Lock Test Branch", "parent_id": head.id})
        other = self.env["res.company"].create({"name": "Lock Test Root"})
        head.dental_past_edit_until = date(2030, 1, 31)
        branch.dental_past_edit_until = date(2030, 1, 15)
        other.dental_past_edit_until = False
        companies = head | branch | other
        self.assertEqual(
            companies._dental_past_locked_until(),
            {head.id: date(2030, 1, 31), branch.id: date(2030, 1, 31), other.id: False},
        )
        branch.dental_past_edit_until = date(2030, 2, 10)
        self.assertEqual(branch._dental_past_locked_until()[branch.id], date(2030, 2, 10))
        self.assertEqual(head._dental_past_locked_until()[head.id], date(2030, 1, 31), "a branch never locks its head")
        message = branch._dental_lock_message("A record", date(2030, 2, 1), date(2030, 2, 10))
        self.assertIn(branch.name, message)


@tagged("post_install", "-at_install")
class TestLocalTime(TransactionCase):
    """The product's time helpers (tools/localtime.py) and the branch's local day."""

    def test_conversions(self):
        # Moscow is UTC+3 all year; Stockholm changes to summer time on 2030-03-31
        self.assertEqual(local_to_utc(date(2030, 3, 4), 10.5, "Europe/Moscow"), datetime(2030, 3, 4, 7, 30))
        self.assertEqual(utc_to_local(datetime(2030, 3, 4, 22, 0), "Europe/Moscow"), datetime(2030, 3, 5, 1, 0))
        self.assertEqual(local_date(datetime(2030, 3, 4, 22, 0), "Europe/Moscow"), date(2030, 3, 5))
        self.assertEqual(local_to_utc(date(2030, 3, 31), 12, "Europe/Stockholm"), datetime(2030, 3, 31, 10, 0))
        self.assertEqual(local_to_utc(date(2030, 3, 30), 12, "Europe/Stockholm"), datetime(2030, 3, 30, 11, 0))
        start, stop = day_bounds(date(2030, 3, 4), "Europe/Moscow")
        self.assertEqual(start, datetime(2030, 3, 3, 21, 0))
        self.assertEqual(stop, datetime(2030, 3, 4, 20, 59, 59, 999999))
        self.assertEqual(float_hours(datetime(2030, 3, 4, 9, 30)), 9.5)

    def test_branch_local_day(self):
        company = self.env.company
        company.resource_calendar_id.tz = "Europe/Moscow"
        self.assertEqual(company._dental_tz(), "Europe/Moscow")
        self.assertEqual(company._dental_local_date(datetime(2030, 3, 4, 22, 0)), date(2030, 3, 5))
        self.assertEqual(company._dental_day_bounds(date(2030, 3, 4))[0], datetime(2030, 3, 3, 21, 0))
        with freeze_time("2030-03-04 22:00:00"):  # UTC: already the 5th in Moscow
            self.assertEqual(company._dental_today(), date(2030, 3, 5))
