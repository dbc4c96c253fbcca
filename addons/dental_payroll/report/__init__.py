from . import dental_staff_schedule
