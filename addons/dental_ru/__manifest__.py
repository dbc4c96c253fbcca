{
    "name": "Dental Clinic: Russia",
    "summary": "Russian chart of accounts (Минфин 94н) in roubles, company requisites, 54-FZ fiscal receipts of "
    "patients' payments through a cloud cash register (ATOL Online, Business.ru Online Receipts, Evotor)",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "countries": ["ru"],
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    # the chart of accounts 'ru' is dental_ru_chart's (a chart addon loaded before the dental entries of the demo)
    "depends": ["dental_cash", "dental_ru_chart"],
    "data": [
        "security/dental_ru_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/dental_ru_cash_register_views.xml",
        "views/dental_ru_fiscal_receipt_views.xml",
        "views/account_payment_views.xml",
        "views/res_company_views.xml",
        "views/dental_ru_menus.xml",
        "wizard/dental_ru_correction_wizard_views.xml",
        "report/dental_tax_certificate_templates.xml",
    ],
    "assets": {
        "web.assets_tests": ["dental_ru/static/tests/tours/*.js"],
    },
}
