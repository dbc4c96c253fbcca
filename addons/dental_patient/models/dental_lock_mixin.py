from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# The locks a model may join (``_dental_lock_fields`` names them):
# - CLOSED_DAY: the days a branch has closed: its past periods ("Past Periods Locked Until") and, with dental_cash,
#   its closed cash days (``res.company._dental_locked_until``). Money and what becomes money join it; it binds
#   everyone, the superuser included, until a Director reopens the day.
# - PAST_PERIOD: the past periods only (``res.company._dental_past_locked_until``): the clinic's other records of a
#   past period (appointments); a model decides who is exempt (``_dental_lock_bound``).
CLOSED_DAY = "closed_day"
PAST_PERIOD = "past_period"


class DentalLockMixin(models.AbstractModel):
    """Records of a closed day: neither created, changed nor deleted once their branch's day is closed.

    A model joins by inheriting this mixin and declaring, for each lock it joins:

    - :meth:`_dental_lock_fields`: ``{lock: fields}``, the fields whose write may change what the closed day holds
      (``None``: any write);
    - :meth:`_dental_lock_pairs`: the (branch, date) pairs one record touches, ``[]`` for a record out of the lock's
      scope (a vendor bill, an ordinary meeting).

    The mixin checks them after ``create``, before and after a ``write`` of a locked field (the record may leave a
    closed day or enter one), before ``unlink`` (not at the uninstallation of a module); a model calls
    :meth:`_dental_check_lock` from its other entry points (a reversal, an action). Hooks with defaults: who is
    bound (:meth:`_dental_lock_bound`), the last locked day of each branch (:meth:`_dental_lock_until`) and the
    refusal (:meth:`_dental_lock_refusal`, :meth:`_dental_lock_label`).

    List the mixin first in ``_inherit`` (``_name`` given) so that its checks run before the model's own
    ``create``/``write``/``unlink`` of the modules below, where the rule was written by hand before.
    """

    _name = "dental.lock.mixin"
    _description = "Records Locked on a Closed Day"

    # ------------------------------------------------------------------ hooks of the joining model
    def _dental_lock_fields(self):
        """``{lock: fields whose write is checked, or None for any write}`` of the locks the model joins."""
        return {}

    def _dental_lock_pairs(self, lock):
        """The (branch, date) pairs the record (one) touches under ``lock``; ``[]`` out of the lock's scope.

        Called on the record as superuser: the rule reads the branch and dates whatever the user may read. Several
        addons may bring a model into a lock: each adds its pairs to ``super()``'s (and its fields with
        :meth:`_dental_lock_join`, its label for its own records only), so none needs a bridge to join.
        """
        return []

    @api.model
    def _dental_lock_join(self, locks, lock, fnames):
        """``locks`` (``super()._dental_lock_fields()``) with ``fnames`` added under ``lock`` (``None``: any write,
        wins over field lists)."""
        known = locks.get(lock, ())
        return {**locks, lock: None if known is None or fnames is None else set(known) | set(fnames)}

    def _dental_lock_bound(self, lock):
        """Whether the current user is bound by ``lock``: everyone for a closed day, the superuser included."""
        return True

    def _dental_lock_until(self, lock, companies):
        """``{company id: last locked day or False}`` of ``lock`` for ``companies``."""
        if lock == PAST_PERIOD:
            return companies._dental_past_locked_until()
        return companies._dental_locked_until()

    def _dental_lock_label(self, lock):
        """What the refusal calls the record (e.g. "A payment")."""
        return self._description

    def _dental_lock_refusal(self, lock, company, day, until):
        """The message refusing to change the record (one) dated ``day`` in ``company``, locked until ``until``."""
        return company._dental_lock_message(self._dental_lock_label(lock), day, until)

    # ------------------------------------------------------------------ the check
    def _dental_lock_touched(self, lock):
        """(record, company, day, until) of each locked day the records touch under ``lock`` (read as superuser)."""
        # sudo: the branch and dates of the records, whatever the user may read of them (read only here)
        touched = [
            (record, company, day)
            for record in self.sudo()
            for company, day in record._dental_lock_pairs(lock)
            if company and day
        ]
        if not touched:
            return []
        companies = self.env["res.company"].union(*[company for __, company, __ in touched])
        locked = self._dental_lock_until(lock, companies)
        return [
            (record, company, day, locked[company.id])
            for record, company, day in touched
            if locked.get(company.id) and fields.Date.to_date(day) <= locked[company.id]
        ]

    def _dental_check_lock(self, locks=None):
        """Refuse if a record touches a locked day of its branch under one of ``locks`` (default: every lock)."""
        locks = self._dental_lock_fields() if locks is None else locks
        for lock in locks:
            if not self or not self._dental_lock_bound(lock):
                continue
            for record, company, day, until in self._dental_lock_touched(lock)[:1]:
                raise UserError(record.with_env(self.env)._dental_lock_refusal(lock, company, day, until))

    def _dental_locked_records(self, lock=CLOSED_DAY):
        """The records on a locked day under ``lock``: the views hide the actions the server would refuse on them."""
        locked_ids = {record.id for record, __, __, __ in self._dental_lock_touched(lock)}
        return self.filtered(lambda record: record.id in locked_ids)

    def _dental_written_locks(self, vals):
        """The locks a write of ``vals`` concerns."""
        return [
            lock for lock, fnames in self._dental_lock_fields().items() if fnames is None or set(fnames) & set(vals)
        ]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dental_check_lock()
        return records

    def write(self, vals):
        locks = self._dental_written_locks(vals)
        if locks:
            self._dental_check_lock(locks)
        res = super().write(vals)
        if locks:
            self._dental_check_lock(locks)
        return res

    def unlink(self):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._dental_check_lock()
        return super().unlink()
