from . import test_access, test_payroll, test_payroll_ledger, test_ui
