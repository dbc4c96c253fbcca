{
    "name": "Dental Schedule × Stock",
    "summary": "Each chair has its own stock location; procedures done in a chair consume its materials",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_calendar_chart", "dental_stock"],
    "data": ["views/dental_chair_views.xml"],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": ["dental_calendar_stock/static/tests/tours/**/*"],
    },
    "auto_install": True,
}
