from . import (
    dental_egisz_nsi,
    res_company,
    hr_employee,
    dental_patient,
    dental_egisz_document_error,
    dental_egisz_document,
    dental_visit_record,
    ir_attachment,
)
