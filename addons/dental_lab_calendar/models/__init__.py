from . import calendar_event, dental_lab_order
