{
    "name": "Dental Audit Trail",
    "summary": "Who opened and who changed patients, medical records, plans, invoices, payments and closings",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["auditlog", "dental_cash", "dental_chart"],
    "data": [
        "security/dental_audit_security.xml",
        "security/ir.model.access.csv",
        "data/auditlog_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/dental_audit_access_views.xml",
        "views/res_config_settings_views.xml",
        "views/dental_audit_menus.xml",
    ],
}
