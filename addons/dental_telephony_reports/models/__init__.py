from . import dental_report_dashboard
