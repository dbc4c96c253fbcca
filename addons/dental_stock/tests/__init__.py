from . import test_access_rights, test_consumption, test_deferred_write_off, test_purchase
