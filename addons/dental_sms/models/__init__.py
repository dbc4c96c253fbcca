from . import dental_patient, dental_sms_account, sms_sms
