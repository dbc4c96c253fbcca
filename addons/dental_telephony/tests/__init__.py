from . import test_access, test_calls, test_ui, test_webhooks
