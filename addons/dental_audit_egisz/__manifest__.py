{
    "name": "Dental Audit Trail × ЕГИСЗ",
    "summary": "Who opened and who changed the ЕГИСЗ documents (СЭМД) sent to РЭМД",
    "version": "18.0.1.0.0",
    "category": "Dental",
    "author": "Dental Clinic Project",
    "website": "https://github.com/dental-clinic/dental-clinic",
    "license": "LGPL-3",
    "depends": ["dental_audit", "dental_egisz"],
    "data": ["security/ir.model.access.csv", "data/auditlog_rule_data.xml"],
    "auto_install": True,
}
