from . import test_reminder, test_reply, test_triggers
