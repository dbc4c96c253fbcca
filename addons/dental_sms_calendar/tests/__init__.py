from . import test_triggers
