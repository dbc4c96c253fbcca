{
    "name": "Dental Schedule × Messages",
    "summary": "Patients confirm or cancel their next appointment by replying to a reminder (SMS, Telegram, WhatsApp)",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_calendar", "dental_sms"],
    "auto_install": True,
}
