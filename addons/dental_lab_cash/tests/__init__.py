from . import test_lab_bill_lock
