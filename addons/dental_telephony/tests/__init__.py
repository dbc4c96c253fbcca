from . import test_access, test_calls, test_subscription, test_ui, test_webhooks
