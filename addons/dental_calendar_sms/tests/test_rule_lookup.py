from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRuleLookup(TransactionCase):
    """Automation rules are looked up once per model and triggers, and every change of a rule is seen at once."""

    def test_rules_are_looked_up_once_and_follow_their_changes(self):
        Automation = self.env["base.automation"]
        partner = self.env["res.partner"].create({"name": "Lookup"})
        Automation._get_actions(partner, ["on_create_or_write"])
        with self.assertQueryCount(0):  # Odoo's own lookup: a query on every call
            Automation._get_actions(partner, ["on_create_or_write"])

        rule = Automation.create(
            {
                "name": "Partner rule",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "trigger": "on_create_or_write",
            }
        )
        self.assertIn(rule, Automation._get_actions(partner, ["on_create_or_write"]), "a new rule applies at once")
        self.assertIn("__action_done", Automation._get_actions(partner, ["on_create_or_write"]).env.context)

        rule.name = "Partner rule, renamed"  # not a field of the lookup: the cache stays
        with self.assertQueryCount(0):
            self.assertIn(rule, Automation._get_actions(partner, ["on_create_or_write"]))

        rule.active = False
        self.assertNotIn(rule, Automation._get_actions(partner, ["on_create_or_write"]), "an archived rule stops")
        rule.write({"active": True, "trigger": "on_unlink"})
        self.assertNotIn(rule, Automation._get_actions(partner, ["on_create_or_write"]))
        self.assertIn(rule, Automation._get_actions(partner, ["on_unlink"]), "a rule follows its trigger")
        rule.unlink()
        self.assertFalse(Automation._get_actions(partner, ["on_unlink"]) & rule, "a deleted rule is gone")
