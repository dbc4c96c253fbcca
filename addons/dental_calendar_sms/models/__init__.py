from . import base_automation, calendar_event, dental_patient, dental_sms_trigger_log
