from . import test_access, test_approval, test_billing, test_query_counts, test_registry, test_security, test_ui
