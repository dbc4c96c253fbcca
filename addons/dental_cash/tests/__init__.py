from . import (
    test_access_rights,
    test_billing,
    test_cash_access,
    test_cash_closing,
    test_cash_integrity,
    test_deposit,
    test_discount,
    test_installments,
    test_patient_money,
    test_schedule_billing,
    test_tax_certificate,
    test_ui,
)
