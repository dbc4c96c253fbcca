{
    "name": "Dental Clinic: Russian Chart of Accounts",
    "summary": "The chart of accounts of Минфин order 94н as a clinic uses it, in roubles, with its VAT and fiscal "
    "positions (chart template 'ru'); the demo clinic keeps its books on it",
    "version": "18.0.1.0.0",
    # the category of chart-of-accounts addons: Odoo looks for chart templates (@template) only there
    "category": "Accounting/Localizations/Account Charts",
    "countries": ["ru"],
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    # dental_patient: its demo makes the main company the Russian demo clinic, before this addon's demo runs
    "depends": ["account", "dental_patient"],
    "demo": ["demo/dental_ru_chart_demo.xml"],
}
