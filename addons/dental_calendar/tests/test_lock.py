from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DAY, DentalCalendarCommon

TEST_LOCK = "test_lock"


@tagged("post_install", "-at_install")
class TestLockMixin(DentalCalendarCommon):
    """What a model gets by joining ``dental.lock.mixin``: only the hooks are declared here (a lock of its own on
    appointments named "Locked ...", dated by their start, closed until the fixtures' day); the mixin refuses the
    rest on create, on a write before and after, and on unlink."""

    def _join_test_lock(self):
        Event = type(self.env["calendar.event"])

        def lock_fields(model):
            return {TEST_LOCK: {"name"}}  # the appointments' own locks are left out

        def lock_pairs(record, lock):
            if lock == TEST_LOCK and (record.name or "").startswith("Locked"):
                return [(record.company_id, record.start.date())]
            return []

        def lock_until(model, lock, companies):
            return {company.id: DAY for company in companies}

        return (
            patch.object(Event, "_dental_lock_fields", lock_fields),
            patch.object(Event, "_dental_lock_pairs", lock_pairs),
            patch.object(Event, "_dental_lock_until", lock_until),
        )

    def test_a_model_joins_the_lock_by_its_hooks(self):
        event = self.book(self.at(10))
        locked = self.book(self.at(14), name="Locked already")  # before the lock is joined
        later = self.book(self.at(10, days=1), chair=self.chair_2, doctor=self.doctor_2, name="Locked later")
        fields_patch, pairs_patch, until_patch = self._join_test_lock()
        with fields_patch, pairs_patch, until_patch:
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                self.book(self.at(12), name="Locked at creation")  # checked after create
            event.write({"note": "a field the lock does not name"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                event.write({"name": "Locked afterwards"})  # checked after the write: the record enters the lock
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                locked.write({"name": "Out of the lock"})  # checked before the write: the record leaves it
            locked.write({"note": "a field the lock does not name"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                locked.unlink()
            later.write({"name": "Locked later, renamed"})  # the day after the locked one is open
        # refused before writing: assertRaisesRegex rolls nothing back, the name is the one the record had
        self.assertEqual(locked.name, "Locked already")
        self.assertTrue(locked.exists())
        self.assertEqual(later.name, "Locked later, renamed")
        # without the hooks, the same changes go through: the refusals above came from the joined lock
        locked.write({"name": "Out of the lock"})
        locked.unlink()
