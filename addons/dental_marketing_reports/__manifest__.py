{
    "name": "Dental Marketing × Reports",
    "summary": "The leads funnel widget of the clinic's dashboard (leads per stage of the period)",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_reports", "dental_marketing"],
    "assets": {
        "web.assets_tests": ["dental_marketing_reports/static/tests/tours/*.js"],
    },
    "auto_install": True,
}
