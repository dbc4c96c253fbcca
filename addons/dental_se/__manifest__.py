{
    "name": "Dental Clinic: Sweden",
    "summary": "Swedish clinic: l10n_se chart, organisationsnummer, patient invoices registered with a financing "
    "provider (14 days free or instalments), status SMS, clinic admins managing their clinic's users, 2FA and e-ID login",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "countries": ["se"],
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_cash", "dental_sms", "dental_audit", "l10n_se", "auth_totp", "auth_oauth"],
    "external_dependencies": {"python": ["python-stdnum"]},
    "data": [
        "security/dental_se_groups.xml",
        "security/dental_se_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/auth_oauth_provider_data.xml",
        "data/auditlog_rule_data.xml",
        "views/dental_se_financing_provider_views.xml",
        "views/dental_se_financing_request_views.xml",
        "views/account_move_views.xml",
        "views/res_users_views.xml",
        "views/dental_se_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["dental_se/static/tests/tours/*.js"],
    },
}
