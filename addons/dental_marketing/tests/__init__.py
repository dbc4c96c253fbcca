from . import test_access, test_attribution, test_birthday_recall, test_inbound, test_lead, test_segment, test_ui
