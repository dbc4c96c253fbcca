{
    "name": "Dental Schedule",
    "summary": "Chairs, doctor shifts, appointments, waiting list, chair schedule and reminders of a dental clinic",
    "version": "18.0.1.1.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_patient", "calendar", "resource", "hr", "product", "sms"],
    "data": [
        "security/ir.model.access.csv",
        "security/dental_calendar_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/sms_template_data.xml",
        "views/dental_chair_views.xml",
        "views/dental_shift_views.xml",
        "views/calendar_event_views.xml",
        "views/calendar_templates.xml",
        "views/dental_waitlist_views.xml",
        "views/dental_patient_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/dental_shift_pattern_wizard_views.xml",
        "wizard/dental_shift_copy_wizard_views.xml",
        "wizard/dental_appointment_move_wizard_views.xml",
        "views/dental_calendar_menus.xml",
    ],
    "demo": [
        "demo/dental_calendar_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dental_calendar/static/src/**/*",
        ],
        "web.assets_tests": [
            "dental_calendar/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "dental_calendar/static/tests/**/*",
            ("remove", "dental_calendar/static/tests/tours/**/*"),
        ],
    },
    "pre_init_hook": "pre_init_hook",
}
