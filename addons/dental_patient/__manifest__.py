{
    "name": "Dental Patients",
    "summary": "Patient card, families, identity documents, roles and branches of a dental clinic",
    "version": "18.0.1.2.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["base", "mail", "contacts", "utm", "portal", "hr", "phone_validation", "base_import"],
    "data": [
        "security/dental_patient_groups.xml",
        "security/ir.model.access.csv",
        "security/dental_patient_security.xml",
        "data/ir_sequence_data.xml",
        "data/dental_document_template_data.xml",
        "report/dental_patient_document_reports.xml",
        "report/dental_patient_document_templates.xml",
        "views/dental_patient_views.xml",
        "views/dental_family_views.xml",
        "views/dental_patient_group_views.xml",
        "views/dental_document_template_views.xml",
        "views/dental_book_import_views.xml",
        "views/res_config_settings_views.xml",
        "views/dental_patient_menus.xml",
    ],
    "demo": [
        "demo/dental_patient_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dental_patient/static/src/**/*",
        ],
        "web.assets_tests": [
            "dental_patient/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "dental_patient/static/tests/**/*.test.js",
        ],
    },
    "application": True,
}
