from . import (
    test_access,
    test_analytics,
    test_analytics_access,
    test_analytics_ui,
    test_attribution,
    test_birthday_recall,
    test_clv,
    test_coordinator,
    test_inbound,
    test_lead,
    test_segment,
    test_ui,
)
