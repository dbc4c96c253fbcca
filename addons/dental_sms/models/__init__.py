from . import dental_sms_account, sms_sms
