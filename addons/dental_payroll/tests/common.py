from datetime import date

from odoo import Command

from odoo.addons.dental_cash.tests.common import TZ, DentalCashCommon
from odoo.addons.dental_patient.tools.localtime import local_to_utc


class DentalPayrollCommon(DentalCashCommon):
    """The cash branch of dental_cash's tests with services in two directions, contracts and a salary journal.

    Today is 2026-11-18 (dental_cash's frozen day): October is the previous month, November the current one.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.categ_therapy = Category.create({"name": "Therapy"})
        cls.categ_caries = Category.create({"name": "Caries", "parent_id": cls.categ_therapy.id})
        cls.categ_surgery = Category.create({"name": "Surgery"})
        cls.service_filling.categ_id = cls.categ_caries
        cls.service_consult.categ_id = cls.categ_therapy
        cls.service_implant.categ_id = cls.categ_surgery
        cls.service_extraction = cls.env["product.product"].create(
            {
                "name": "Extraction",
                "is_dental_service": True,
                "list_price": 4000.0,
                "taxes_id": [Command.clear()],
                "categ_id": cls.categ_surgery.id,
            }
        )
        cls.structure = cls.env.ref("dental_payroll.structure_dental")
        cls.journal = cls.env["account.journal"].create(
            {"name": "Salaries", "code": "TSAL", "type": "general", "company_id": cls.company.id}
        )
        Account = cls.env["account.account"]
        cls.expense_account = Account.create(
            {"name": "Staff Pay", "code": "700100", "account_type": "expense", "company_ids": cls.company.ids}
        )
        cls.payable_account = Account.create(
            {"name": "Pay Due", "code": "700200", "account_type": "liability_current", "company_ids": cls.company.ids}
        )
        for xmlid in ("rule_fixed", "rule_share", "rule_bonus", "rule_penalty"):
            cls.env.ref(f"dental_payroll.{xmlid}").account_debit = cls.expense_account
        cls.env.ref("dental_payroll.rule_net").account_credit = cls.payable_account
        cls.colleague = cls.env["hr.employee"].create({"name": "Dr. Lebedev", "company_id": cls.company.id})
        cls.doctor.company_id = cls.company
        cls.assistant.company_id = cls.company
        # Doctor: 20 000 a month + 3 000 permanent bonus; 30% of therapy less lab and materials,
        # 25% of surgery, 10% of implants (the service's own line wins over its category's).
        cls.contract_doctor = cls._contract(
            cls.doctor,
            wage=20000.0,
            dental_permanent_bonus=3000.0,
            dental_share_rule_ids=[
                Command.create(
                    {"categ_id": cls.categ_therapy.id, "percent": 30.0, "deduct_lab": True, "deduct_material": True}
                ),
                Command.create({"categ_id": cls.categ_surgery.id, "percent": 25.0}),
                Command.create({"product_id": cls.service_implant.id, "percent": 10.0}),
            ],
        )
        # Assistant: 2 000 a shift + 5% of the therapy procedures assisted.
        cls.contract_assistant = cls._contract(
            cls.assistant,
            wage=2000.0,
            dental_wage_type="shift",
            dental_share_rule_ids=[
                Command.create({"categ_id": cls.categ_therapy.id, "percent": 5.0, "role": "assistant"})
            ],
        )
        cls.contract_colleague = cls._contract(
            cls.colleague,
            wage=10000.0,
            dental_share_rule_ids=[Command.create({"categ_id": cls.categ_therapy.id, "percent": 50.0})],
        )

    @classmethod
    def _contract(cls, employee, **vals):
        return cls.env["hr.contract"].create(
            {
                "name": employee.name,
                "employee_id": employee.id,
                "company_id": cls.company.id,
                "date_start": date(2026, 1, 1),
                "state": "open",
                "struct_id": cls.structure.id,
                "resource_calendar_id": cls.company.resource_calendar_id.id,
                "journal_id": cls.journal.id,
                **vals,
            }
        )

    @classmethod
    def _procedure_invoice(cls, day, lines, doctor=None):
        """A posted invoice of procedures; ``lines`` are (product, price, assistant, plan line or None)."""
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.patient.partner_id.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                            "dental_doctor_id": (doctor or cls.doctor).id,
                            "dental_assistant_id": assistant.id if assistant else False,
                            "sale_line_ids": [Command.set(plan_line.ids)] if plan_line else [],
                        }
                    )
                    for product, price, assistant, plan_line in lines
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _costs(cls, plan_line, lab=0.0, material=0.0):
        """Lab and material costs of a plan procedure (set as their addons would, when installed)."""
        line = plan_line.sudo()
        if "dental_lab_cost" in line._fields:
            line.dental_lab_cost = lab
        if "dental_material_cost" in line._fields:
            line.dental_material_cost = material

    @classmethod
    def _shift(cls, employee, day, hour_from, hour_to, chair=None):
        return cls.env["dental.shift"].create(
            {
                "employee_id": employee.id,
                "chair_id": (chair or cls.chair).id,
                "start": local_to_utc(day, hour_from, TZ),
                "stop": local_to_utc(day, hour_to, TZ),
            }
        )

    def _batch(self, first, last, name="Batch"):
        run = self.env["hr.payslip.run"].create(
            {"name": name, "company_id": self.company.id, "date_start": first, "date_end": last}
        )
        run.action_dental_generate()
        return run

    @staticmethod
    def _line(slip, code):
        return sum(slip.line_ids.filtered(lambda line: line.code == code).mapped("total"))
