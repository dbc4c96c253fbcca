{
    "name": "Dental Lab × Schedule",
    "summary": "Fitting appointments of lab orders, with a warning when booked before the lab's due date",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_lab", "dental_calendar"],
    "data": ["views/calendar_event_views.xml", "views/dental_lab_order_views.xml"],
    "auto_install": True,
}
