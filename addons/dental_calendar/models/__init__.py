from . import (
    calendar_event,
    dental_chair,
    dental_patient,
    dental_schedule,
    dental_shift,
    dental_waitlist,
    res_company,
    res_config_settings,
)
