from . import test_chart, test_receipt_access, test_receipts, test_requisites, test_ui
