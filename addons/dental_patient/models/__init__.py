from . import dental_server_fields, dental_lock_mixin, dental_book_mixin  # noqa: I001 (the mixins first: models below inherit them)
from . import (
    dental_document_template,
    dental_family,
    dental_patient,
    dental_patient_document,
    dental_patient_group,
    dental_patient_phone,
    dental_patient_status,
    dental_role,
    hr_employee,
    hr_job,
    ir_attachment,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
)
