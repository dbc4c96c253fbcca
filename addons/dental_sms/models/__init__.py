# sms_sms_quiet_hours is imported after sms_sms: its overrides of the queue go on top of the queue's methods;
# dental_patient_message after dental_patient: the triggers' hook goes by the preferred channel
from . import dental_patient, dental_patient_message, dental_sms_account, sms_sms, sms_sms_quiet_hours
