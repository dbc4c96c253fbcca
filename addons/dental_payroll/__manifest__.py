{
    "name": "Dental Payroll",
    "summary": "Staff pay of a dental clinic on OCA payroll: fixed pay per month, day, hour or shift plus a share "
    "of paid procedures less lab and material costs",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_cash", "dental_calendar", "payroll", "payroll_account"],
    "data": [
        "security/dental_payroll_groups.xml",
        "security/ir.model.access.csv",
        "security/dental_payroll_security.xml",
        "data/hr_payroll_structure_data.xml",
        "data/dental_payroll_revenue_data.xml",
        "views/hr_contract_views.xml",
        "views/dental_payroll_revenue_views.xml",
        "wizard/dental_payroll_my_earnings_views.xml",
        "views/hr_payslip_views.xml",
        "report/dental_staff_schedule_views.xml",
        "views/dental_payroll_menus.xml",
    ],
    "demo": [
        "demo/dental_payroll_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dental_payroll/static/tests/tours/**/*",
        ],
    },
}
