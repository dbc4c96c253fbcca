from . import dental_report_xlsx
