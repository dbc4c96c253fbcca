from . import dental_bill_wizard, dental_bill_wizard_line, dental_dms_registry_wizard
