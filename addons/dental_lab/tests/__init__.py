from . import (
    test_access,
    test_cost,
    test_late,
    test_lock,
    test_order_flow,
    test_portal,
    test_purchase,
    test_query_counts,
    test_sections,
    test_ui,
)
