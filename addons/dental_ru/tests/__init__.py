from . import (
    test_chart,
    test_correction_wizard,
    test_evotor,
    test_receipt_access,
    test_receipts,
    test_requisites,
    test_ui,
)
