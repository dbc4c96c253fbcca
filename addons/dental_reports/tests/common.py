from datetime import timedelta

from odoo import Command

from odoo.addons.dental_cash.tests.common import TZ, DentalCashCommon
from odoo.addons.dental_patient.tools.localtime import local_to_utc


class DentalReportsCommon(DentalCashCommon):
    """A branch with a month of hand-counted money and visits (figures in the tests' docstrings).

    Day D (``cls.day``): invoice A of Kuznetsov — filling 5,000 (Dr. Zubova, therapy) and consultation 1,000
    (Dr. Lebedev, consultation) — paid 4,000 by card; invoice B of Popova — implant 40,000 (Dr. Zubova,
    implantology) — unpaid; a prepayment of 3,000 in cash by Kuznetsova. Day D−1: a credit note of 500 on the
    consultation of Kuznetsov (Dr. Lebedev). Income 45,500; receipts 7,000; debt 42,000 (A: 2,000, B: 40,000).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_doctor_2 = cls.user_doctor.copy({"login": "reports_doctor_2", "name": "Reports Doctor 2"})
        cls.doctor_2 = cls.env["hr.employee"].create({"name": "Dr. Lebedev", "user_id": cls.user_doctor_2.id})
        cls.categ_therapy = cls.env.ref("dental_chart.product_category_therapy")
        cls.categ_consult = cls.env.ref("dental_chart.product_category_consultation")
        cls.categ_implant = cls.env.ref("dental_chart.product_category_implantology")
        cls.service_filling.categ_id = cls.categ_therapy
        cls.service_consult.categ_id = cls.categ_consult
        cls.service_implant.categ_id = cls.categ_implant
        cls.invoice_a = cls._invoice_lines(
            cls.patient,
            [(cls.service_filling, 5000.0, cls.doctor), (cls.service_consult, 1000.0, cls.doctor_2)],
        )
        cls.invoice_b = cls._invoice_lines(cls.patient_2, [(cls.service_implant, 40000.0, cls.doctor)])
        cls.refund = cls._invoice_lines(
            cls.patient,
            [(cls.service_consult, 500.0, cls.doctor_2)],
            move_type="out_refund",
            day=cls.day - timedelta(days=1),
        )
        cls.card_payment = cls._pay(4000.0, mode="pay", invoice=cls.invoice_a, method="card")
        cls.deposit = cls._pay(3000.0, mode="deposit", patient=cls.relative, method="cash")
        cls.env.flush_all()

    @classmethod
    def _invoice_lines(cls, patient, lines, move_type="out_invoice", day=None):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": patient.partner_id.id,
                "invoice_date": day or cls.day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                            "dental_doctor_id": doctor.id,
                        }
                    )
                    for product, price, doctor in lines
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _shift(cls, day, hour_from, hour_to, doctor=None, chair=None):
        return cls.env["dental.shift"].create(
            {
                "employee_id": (doctor or cls.doctor).id,
                "chair_id": (chair or cls.chair).id,
                "start": local_to_utc(day, hour_from, TZ),
                "stop": local_to_utc(day, hour_to, TZ),
            }
        )

    def _period(self, day_from=None, day_to=None):
        return [
            ("company_id", "=", self.company.id),
            ("date", ">=", day_from or self.day - timedelta(days=1)),
            ("date", "<=", day_to or self.day),
        ]

    def _sum(self, model, field, domain):
        [[value]] = self.env[model]._read_group(domain, [], [f"{field}:sum"])
        return value or 0.0
