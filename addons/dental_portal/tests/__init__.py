from . import test_booking, test_portal, test_slots, test_ui
