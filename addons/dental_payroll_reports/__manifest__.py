{
    "name": "Dental Payroll × Reports",
    "summary": "The salary summary widget of the clinic's dashboard (net pay per employee of the period)",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_reports", "dental_payroll"],
    "auto_install": True,
}
