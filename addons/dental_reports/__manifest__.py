{
    "name": "Dental Reports",
    "summary": "Seed reports of a dental clinic on SQL views (services, finances, patients, appointments, doctors' "
    "income, debtors, payments, chair load), Excel exports, EBITDA, the service budget calculator and the dashboard",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_cash", "dental_lab", "dental_dms", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/dental_reports_security.xml",
        "views/dental_report_service_views.xml",
        "views/dental_report_payment_views.xml",
        "views/dental_report_receipt_views.xml",
        "views/dental_report_debt_views.xml",
        "views/dental_report_appointment_views.xml",
        "views/dental_report_patient_views.xml",
        "views/dental_report_doctor_views.xml",
        "views/dental_report_chair_views.xml",
        "views/dental_ebitda_views.xml",
        "views/dental_service_budget_views.xml",
        "views/dental_reports_menus.xml",
        "report/dental_reports_xlsx.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dental_reports/static/src/dashboard/**/*",
        ],
        "web.assets_unit_tests": [
            "dental_reports/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "dental_reports/static/tests/tours/**/*",
        ],
    },
}
