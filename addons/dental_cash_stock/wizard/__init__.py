from . import dental_bill_wizard, dental_bill_wizard_line, dental_bill_wizard_material
