{
    "name": "Dental Schedule × Chart",
    "summary": "Book treatment-plan visits, durations from services, completed appointments complete their procedures",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_calendar", "dental_chart"],
    "data": [
        "views/calendar_event_views.xml",
        "views/sale_order_views.xml",
    ],
    "demo": ["demo/dental_calendar_chart_demo.xml"],
    "auto_install": True,
}
