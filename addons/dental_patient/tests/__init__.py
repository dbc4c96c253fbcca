from . import test_access_rights, test_dental_patient, test_ui
