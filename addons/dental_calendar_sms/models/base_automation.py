from odoo import api, models, tools


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    # Odoo looks the rules of a model up with a query on every create and write of its records, and on every
    # stored field it computes (6 per booking of an appointment, whose cancellation message is a rule). The ids
    # are cached per model and triggers until a rule is created, changed or deleted (the fields of the lookup
    # are written through write, which then clears the cache, also for the other workers at commit and after a
    # rollback: Odoo's registry cache).

    @api.model
    def _get_actions(self, records, triggers):
        if "__action_done" not in self._context:
            self = self.with_context(__action_done={})
        return self.browse(self._dental_rule_ids(records._name, tuple(triggers)))

    @api.model
    @tools.ormcache("model_name", "triggers")
    def _dental_rule_ids(self, model_name, triggers):
        # sudo and active_test as Odoo's own lookup: a rule runs whoever's change triggers it
        rules = (
            self.with_context(active_test=True)
            .sudo()
            .search([("model_name", "=", model_name), ("trigger", "in", list(triggers))])
        )
        return tuple(rules.ids)

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        if set(vals) & set(self.CRITICAL_FIELDS):  # the fields of the lookup (not the cron's last run)
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
