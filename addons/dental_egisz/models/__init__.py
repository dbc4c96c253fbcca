from . import (
    dental_egisz_document,
    dental_egisz_document_error,
    dental_egisz_document_iemk,
    dental_egisz_document_patient_card,
    dental_egisz_nsi,
    dental_patient,
    dental_visit_record,
    hr_employee,
    ir_attachment,
    res_company,
)
