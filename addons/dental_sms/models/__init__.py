# sms_sms_quiet_hours is imported after sms_sms: its overrides of the queue go on top of the queue's methods
from . import dental_patient, dental_sms_account, sms_sms, sms_sms_quiet_hours, sms_template
