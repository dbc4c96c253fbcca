from . import (
    test_access,
    test_access_issue22,
    test_attribution,
    test_birthday_recall,
    test_email_campaign,
    test_funnel_builder,
    test_inbound,
    test_lead,
    test_segment,
    test_task_board,
    test_ui,
    test_ui_email,
)
