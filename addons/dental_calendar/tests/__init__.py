from . import (
    test_access_rights,
    test_appointment,
    test_concurrency,
    test_patient_history,
    test_reminder,
    test_schedule,
    test_schedule_bus,
    test_schedule_menu,
    test_security,
    test_shift,
    test_ui,
    test_waitlist,
)
