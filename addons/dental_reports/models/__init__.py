from . import dental_report_mixin  # noqa: I001 (the mixin first: the reports below inherit it)
from . import (
    dental_ebitda,
    dental_report_appointment,
    dental_report_chair,
    dental_report_dashboard,
    dental_report_debt,
    dental_report_doctor,
    dental_report_patient,
    dental_report_payment,
    dental_report_receipt,
    dental_report_service,
    dental_service_budget,
)
