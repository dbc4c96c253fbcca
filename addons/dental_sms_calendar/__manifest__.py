{
    "name": "Dental SMS Triggers",
    "summary": "Messages to patients on events: after a visit, the day before, on a cancellation, when a plan is done",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["base_automation", "dental_sms", "dental_calendar_chart"],
    "data": [
        "security/ir.model.access.csv",
        "data/sms_template_data.xml",
        "data/dental_sms_automation.xml",
    ],
    "auto_install": ["dental_sms", "dental_calendar_chart"],
}
