from . import (
    account_payment_register,
    dental_bill_wizard,
    dental_bill_wizard_line,
    dental_cash_close_wizard,
    dental_cash_reopen_wizard,
    dental_payment_wizard,
)
