from . import (
    dental_book_import,
    dental_plan_wizard,
    dental_plan_wizard_line,
    dental_plan_wizard_match,
    sale_make_invoice_advance,
)
