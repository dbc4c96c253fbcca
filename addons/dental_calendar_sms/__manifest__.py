{
    "name": "Dental Schedule × Messages",
    "summary": "Replies confirm or cancel appointments; messages to patients on events (visits, statuses, plans)",
    # 18.0.1.1.0: dental_sms_calendar merged into this bridge (migrations/18.0.1.1.0, docs/decisions.md)
    "version": "18.0.1.1.0",
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
