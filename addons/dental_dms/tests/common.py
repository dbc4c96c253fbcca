from datetime import timedelta

from odoo import Command

from odoo.addons.dental_cash.tests.common import DentalCashCommon


class DentalDmsCommon(DentalCashCommon):
    """An insurer with its price list and programme (therapy covered, 10 % co-payment), a patient's policy and a
    plan (a filling and an implant, both covered; a consultation not covered)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.categ_dental = Category.create({"name": "DMS Dental"})
        cls.categ_therapy = Category.create({"name": "DMS Therapy", "parent_id": cls.categ_dental.id})
        cls.categ_other = Category.create({"name": "DMS Other"})
        cls.service_filling.write({"categ_id": cls.categ_therapy.id, "dental_code": "T-101"})
        cls.service_implant.write({"categ_id": cls.categ_therapy.id, "dental_code": "S-501"})
        cls.service_consult.write({"categ_id": cls.categ_other.id})
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Insurer Alfa", "is_company": True, "dental_is_insurer": True, "email": "dms@alfa.example"}
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Alfa ДМС prices",
                "currency_id": cls.currency.id,
                "company_id": False,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": product.id,
                            "compute_price": "fixed",
                            "fixed_price": price,
                        }
                    )
                    for product, price in ((cls.service_filling, 4000.0), (cls.service_implant, 30000.0))
                ],
            }
        )
        cls.contract = cls.env["dental.dms.contract"].create(
            {
                "name": "Dentistry Standard",
                "number": "A-77",
                "insurer_id": cls.insurer.id,
                "date_start": cls.today - timedelta(days=365),
                "pricelist_id": cls.pricelist.id,
                "category_ids": [Command.set(cls.categ_dental.ids)],
                "copay_percent": 10.0,
                "registry_medical_codes": True,
            }
        )
        cls.policy = cls.env["dental.insurance.policy"].create(
            {
                "name": "POL-001",
                "patient_id": cls.patient.id,
                "contract_id": cls.contract.id,
                "date_start": cls.today - timedelta(days=100),
                "date_end": cls.today + timedelta(days=265),
            }
        )
        cls.plan = cls._plan([(cls.service_filling, cls.tooth_36, 1), (cls.service_implant, cls.tooth_46, 1)])
        cls.filling_line, cls.implant_line = cls.plan.order_line

    # ------------------------------------------------------------------ helpers
    @classmethod
    def _approval(cls, plan=None, answer="all", letter="GL-1", env=None):
        """A plan's approval: requested, then answered (``all``, ``none``, a dict line → qty, or None)."""
        env = env or cls.env
        plan = (plan or cls.plan).with_env(env)
        action = plan.action_dental_dms_request_approval()
        approval = env["dental.dms.approval"].browse(action["res_id"])
        approval.action_mark_requested()
        if answer is None:
            return approval
        approval.guarantee_letter = letter
        if answer == "all":
            approval.action_approve_all()
        elif answer == "none":
            approval.action_reject()
        else:
            for line in approval.line_ids:
                qty = answer.get(line.sale_line_id, 0.0)
                line.write({"decision": "approved" if qty else "rejected", "qty_approved": qty})
            approval.action_record_answer()
        return approval

    @classmethod
    def _visit(cls, plan_lines, services=None, day=None, patient=None):
        return cls._appointment(day=day, plan_lines=plan_lines, services=services, patient=patient)
