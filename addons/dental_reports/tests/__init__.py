from . import (
    test_access,
    test_dashboard,
    test_ebitda_budget,
    test_pdf,
    test_reports,
    test_seed_reports,
    test_ui,
    test_xlsx,
)
