from . import dental_lead_convert, dental_lead_task
