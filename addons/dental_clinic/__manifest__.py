{
    "name": "Dental Clinic",
    "summary": "The whole dental clinic product: installs every dental addon",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": [
        "dental_patient",
        "dental_chart",
        "dental_calendar",
        "dental_calendar_chart",
        "dental_cash",
        "dental_dms",
        "dental_sms",
        "dental_calendar_sms",
        "dental_diagnocat",
    ],
    "demo": ["demo/res_users_demo.xml"],
    "assets": {
        "web.assets_tests": ["dental_clinic/static/tests/tours/*.js"],
    },
}
