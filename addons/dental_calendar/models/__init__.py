from . import (
    calendar_event,
    dental_chair,
    dental_patient,
    dental_schedule,
    dental_shift,
    dental_shift_version,
    dental_shift_version_line,
    dental_waitlist,
    ir_websocket,
    res_company,
    res_config_settings,
    schedule_bus,
)
