from . import test_access, test_calls, test_click_to_call, test_subscription, test_ui, test_webhooks
