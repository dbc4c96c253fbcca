from . import (
    account_payment,
    dental_ru_cash_register,
    dental_ru_fiscal_receipt,
    dental_tax_certificate,
    res_company,
)
