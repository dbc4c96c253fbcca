from . import test_access, test_callbacks, test_financing, test_identity, test_roles, test_ui
