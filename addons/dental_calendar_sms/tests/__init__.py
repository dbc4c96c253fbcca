from . import test_reminder, test_reply, test_rule_lookup, test_triggers
