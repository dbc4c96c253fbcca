from . import test_plan_booking
