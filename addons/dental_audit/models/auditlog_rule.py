from odoo import models

PATCHED = ("create", "read", "write", "unlink", "export_data")


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

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
