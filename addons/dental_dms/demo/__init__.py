from . import dental_dms_demo
