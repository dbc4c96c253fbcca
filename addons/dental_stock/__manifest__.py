{
    "name": "Dental Stock",
    "summary": "Materials, consumption norms per procedure, automatic write-off, chair stock and purchasing",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    # stock_account (valuation layers: the cost of a write-off) and purchase_stock (reordering rules -> RFQs) are
    # installed by Odoo anyway with stock + account / purchase; named here because the addon relies on them.
    "depends": ["dental_chart", "stock", "stock_account", "purchase", "purchase_stock"],
    "data": [
        "security/dental_stock_groups.xml",
        "security/ir.model.access.csv",
        "security/dental_stock_security.xml",
        "data/dental_stock_data.xml",
        "views/dental_consumption_norm_views.xml",
        "views/dental_stock_consumption_views.xml",
        "views/product_template_views.xml",
        "views/stock_move_line_views.xml",
        "views/stock_warehouse_views.xml",
        "views/res_config_settings_views.xml",
        "report/dental_stock_norm_report_views.xml",
        "wizard/dental_stock_order_wizard_views.xml",
        "views/dental_stock_menus.xml",
    ],
    "demo": ["demo/dental_stock_demo.xml"],
}
