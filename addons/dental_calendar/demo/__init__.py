from . import dental_schedule_demo
