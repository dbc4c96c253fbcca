{
    "name": "Dental Cash × Stock",
    "summary": "Goods sold to patients on their invoices leave the branch's stock",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_cash", "dental_stock"],
    "auto_install": True,
}
