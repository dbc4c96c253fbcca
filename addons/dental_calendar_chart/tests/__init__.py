from . import test_plan_booking, test_recycle_bin
