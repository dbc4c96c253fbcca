from odoo import models

PATCHED = ("create", "read", "write", "unlink", "export_data")


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    def get_auditlog_fields(self, model):
        """The fields a change of a dental record logs: its columns and many2many, not its one2many (the records
        they hold log their own changes), files (not values a person reads in a log) nor the chatter's fields.
        auditlog's "full" mode reads these before and after every write: with the chatter a patient's card write
        read the card's whole chatter, followers and activities twice. Rules of other models (an integrator's)
        keep auditlog's list.
        """
        names = super().get_auditlog_fields(model)
        if not model._name.startswith("dental."):
            return names
        return [
            name
            for name in names
            if (field := model._fields[name]).type not in ("one2many", "binary")
            and (field.column_type or field.type == "many2many")
            and not name.startswith(("message_", "activity_", "website_message_", "rating_"))
        ]

    def _register_hook(self):
        """Patch the audited models afresh at the end of each registry load.

        auditlog (18.0.2.0.6) patches a model's class when its rule is created (our rules are data, created while
        dental_audit installs) and marks the class; the addons installed after it in the same process (dental_egisz,
        dental_marketing, dental_payroll...) rebuild the model's class, and the mark outlives the patch, so the
        end-of-load hook skipped the model and nothing was logged until the next restart. Forget the marks and the
        patches first (the end-of-load call only: ``self`` empty), then let auditlog patch the final classes.
        """
        if not self:
            for rule in self.search([("state", "=", "subscribed")]):
                model_class = self.env.registry.get(rule.model_id.model)
                if model_class is None:
                    continue
                for klass in model_class.__mro__:
                    for method in PATCHED:
                        if f"auditlog_ruled_{method}" in vars(klass):
                            delattr(klass, f"auditlog_ruled_{method}")
                        if hasattr(vars(klass).get(method), "origin"):
                            delattr(klass, method)
        return super()._register_hook()
