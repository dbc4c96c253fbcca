from . import test_access, test_payroll, test_ui
