from . import test_access, test_dashboard, test_ebitda_budget, test_reports, test_ui, test_xlsx
