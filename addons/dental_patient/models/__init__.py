from . import dental_patient
