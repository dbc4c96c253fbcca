from . import calendar_event, dental_patient
