from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.dental_chart.tests.common import DentalChartCommon


class DentalLabCommon(DentalChartCommon):
    """Two labs with their prices for a lab service, a portal user of each, and a lab-order helper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lab_category = cls.env.ref("dental_lab.res_partner_category_laboratory")
        cls.lab = cls.env["res.partner"].create(
            {"name": "Lab One", "is_company": True, "category_id": [Command.link(cls.lab_category.id)]}
        )
        cls.lab_other = cls.env["res.partner"].create(
            {"name": "Lab Two", "is_company": True, "category_id": [Command.link(cls.lab_category.id)]}
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Paper supplier", "is_company": True})
        cls.crown = cls.env["product.product"].create(
            {
                "name": "Zirconia crown (lab)",
                "type": "service",
                "dental_is_lab_service": True,
                "purchase_ok": True,
                "sale_ok": False,
                "supplier_taxes_id": [Command.clear()],
                "seller_ids": [
                    Command.create({"partner_id": cls.lab.id, "price": 5000.0, "delay": 7}),
                    Command.create({"partner_id": cls.lab_other.id, "price": 6500.0, "delay": 4}),
                ],
            }
        )
        cls.lab_user = new_test_user(
            cls.env,
            login="lab_one_portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"].create({"name": "Lab One Tech", "parent_id": cls.lab.id}).id,
        )
        cls.lab_other_user = new_test_user(
            cls.env,
            login="lab_two_portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"].create({"name": "Lab Two Tech", "parent_id": cls.lab_other.id}).id,
        )
        cls.crown_service = cls.env["product.product"].create(
            {"name": "Crown fitting", "is_dental_service": True, "list_price": 20000.0}
        )

    @classmethod
    def _order(cls, lab=None, teeth=None, qty=1.0, **vals):
        return cls.env["dental.lab.order"].create(
            {
                "patient_id": cls.patient.id,
                "doctor_id": cls.doctor.id,
                "lab_id": (lab or cls.lab).id,
                "tooth_ids": [Command.set((teeth or cls.tooth_11).ids)],
                "shade": "A2",
                "material": "Zirconia",
                "line_ids": [Command.create({"product_id": cls.crown.id, "product_qty": qty})],
                **vals,
            }
        )

    @classmethod
    def _today(cls):
        return fields.Date.context_today(cls.env["dental.lab.order"])
