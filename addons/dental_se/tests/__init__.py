from . import test_access, test_callbacks, test_cash_on_chart, test_financing, test_identity, test_roles, test_ui
