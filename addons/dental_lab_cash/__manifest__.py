{
    "name": "Dental Lab × Cash Desk",
    "summary": "Lab bills are locked on a closed cash day like the rest of the clinic's money",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_lab", "dental_cash"],
    "auto_install": True,
}
