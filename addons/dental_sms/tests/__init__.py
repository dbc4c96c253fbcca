from . import (
    test_access,
    test_beeline,
    test_inbound,
    test_inbound_polling,
    test_messengers,
    test_queue,
    test_quiet_hours,
    test_smsc,
    test_twilio,
    test_twilio_callback,
)
