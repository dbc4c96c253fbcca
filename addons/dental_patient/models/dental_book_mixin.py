from odoo import _, api, models
from odoo.exceptions import UserError


class DentalBookMixin(models.AbstractModel):
    """A reference book of the clinic (services, diagnoses, templates, chairs...): archived to the Recycle Bin and
    restored from it (native ``action_archive``/``action_unarchive``), deleted only while it has no history.

    A model joins by inheriting this mixin (a native model: ``_name`` given, listed second in ``_inherit``) and
    declaring where its records leave history (:meth:`_dental_history_sources`); a history that is not a plain
    reference extends :meth:`_dental_book_history`. Deleting a record with history is refused in an
    ``@api.ondelete`` hook, so no client (form, list, RPC) bypasses it; archiving stays allowed. A native model
    applies the rule to its dental records only (:meth:`_dental_book_records`).
    """

    _name = "dental.book.mixin"
    _description = "Clinic Reference Book"

    # ------------------------------------------------------------------ hooks of the joining model
    def _dental_book_records(self):
        """The records of ``self`` the rule applies to (a native model: its dental records only)."""
        return self

    def _dental_history_sources(self):
        """``[(model, path, label)]``: a record is history when a record of ``model`` (archived ones included)
        has it in ``path`` (a field, or a dotted path ending on this model); ``label`` names that history.

        Modules extend the list (``[*super()._dental_history_sources(), ...]``); a model absent from the registry
        is skipped.
        """
        return []

    def _dental_book_history(self):
        """Names of what ties the record (one) to the clinic's history; empty: it may be deleted.

        Read as superuser: the rule counts the history of every branch and of medical records the user may not
        read; only the kind of history is told, never a record.
        """
        self.ensure_one()
        history = []
        for model, path, label in self._dental_history_sources():
            if model not in self.env:
                continue
            # sudo: whether any record (of any branch, medical or not) refers to this one; nothing is returned
            Source = self.env[model].sudo().with_context(active_test=False)
            if Source.search_count([(path, "in", self.ids)], limit=1) and label not in history:
                history.append(label)
        return history

    # ------------------------------------------------------------------ CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_except_dental_history(self):
        self._dental_check_unlink()

    # ------------------------------------------------------------------ business methods
    def _dental_check_unlink(self):
        """Refuse to delete a record of the book that has history: it is archived (and restored) instead."""
        for record in self._dental_book_records():
            history = record._dental_book_history()
            if history:
                raise UserError(
                    _(
                        "%(record)s cannot be deleted: it has history (%(what)s). Archive it instead: it goes to "
                        "the Recycle Bin (Dental > Configuration), where it can be restored.",
                        record=record.display_name,
                        what=", ".join(history),
                    )
                )
