from . import dental_call, dental_call_result, dental_patient, dental_pbx_account, res_users
