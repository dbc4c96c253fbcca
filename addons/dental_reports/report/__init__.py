from . import dental_report_pdf, dental_report_xlsx
