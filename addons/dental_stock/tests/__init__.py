from . import test_access_rights, test_consumption, test_purchase
