from . import (
    dental_booking_request,
    dental_family,
    dental_patient,
    product_template,
    res_company,
    res_config_settings,
    sms_sms,
)
