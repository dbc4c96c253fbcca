{
    "name": "Dental Online Booking and Patient Portal",
    "summary": "Online booking page and slot API with SMS phone confirmation; the patient portal: visits, "
    "plans to sign, invoices, documents, family, messages",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    # No `website`: the booking page is a plain controller page on the portal's frontend layout (decisions.md).
    "depends": ["dental_calendar_chart", "dental_cash", "dental_sms", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/dental_family_views.xml",
        "views/booking_templates.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/dental_portal_demo.xml"],
    "assets": {
        "web.assets_frontend": ["dental_portal/static/src/booking/**/*"],
        "web.assets_tests": ["dental_portal/static/tests/tours/**/*"],
    },
}
