from . import dental_sms_trigger_log
