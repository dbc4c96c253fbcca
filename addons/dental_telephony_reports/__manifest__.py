{
    "name": "Dental Telephony × Reports",
    "summary": "The calls widget of the clinic's dashboard (incoming answered and missed, outgoing, of the period)",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_reports", "dental_telephony"],
    "auto_install": True,
}
