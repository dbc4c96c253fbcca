from . import (
    test_cda,
    test_document,
    test_identity,
    test_iemk,
    test_nsi,
    test_patient_card,
    test_preflight,
    test_sending,
    test_ui,
)
