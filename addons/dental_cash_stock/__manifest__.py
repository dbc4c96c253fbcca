{
    "name": "Dental Cash × Stock",
    "summary": "Goods sold to patients in the bill dialog leave the branch's stock; the write-off is editable at billing",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_cash", "dental_stock"],
    "data": ["security/ir.model.access.csv", "views/dental_bill_wizard_views.xml"],
    "auto_install": True,
}
