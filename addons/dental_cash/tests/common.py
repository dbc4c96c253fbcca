from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.dental_chart.tests.common import DentalPlanCommon
from odoo.addons.dental_patient.tests.common import add_role_users
from odoo.addons.dental_patient.tools.localtime import local_to_utc

TZ = "Europe/Moscow"


class DentalCashCommon(DentalPlanCommon, TransactionCase):
    """A branch with its cash desk, role users, a doctor, patients, services, an approved plan and a chair."""

    # Today is a fixed day (a Wednesday at noon in the branch, mid-month): the day tested is three days before it,
    # plans run months after it; no test depends on the hour or the month it runs in.
    freeze_time = "2026-11-18 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A branch of its own: no demo visit, invoice or closed day of the main clinic gets in the way.
        main = cls.env.company
        main.dental_past_edit_until = False
        cls.company = cls._create_test_company(main)
        cls.env.cr.precommit.run()  # the branch's accounting set-up (chart data, payment journals)
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=True, tz=TZ, lang="en_US", allowed_company_ids=[cls.company.id]
            )
        )
        cls.company = cls.env["res.company"].browse(cls.company.id)
        cls.company.resource_calendar_id.tz = TZ
        cls.company.write(
            {
                "dental_outside_hours": "allow",
                "dental_auto_distribute": False,
                "dental_best_discount": True,
                "dental_manual_discount_limit": 10.0,
                "dental_past_edit_until": False,
            }
        )
        # the demo's discount programmes stay out of the tests
        cls.env["loyalty.program"].search([("dental_discount", "=", True)]).write({"active": False})
        cls.today = cls.company._dental_today()
        cls.day = cls.today - timedelta(days=3)
        cls.currency = cls.company.currency_id
        groups = {
            "registrar": "dental_patient.group_registrar",
            "senior": "dental_cash.group_cash_senior",
            "doctor": "dental_patient.group_doctor",
            "coordinator": "dental_patient.group_coordinator",
            "director": "dental_patient.group_director",
            "accountant": "account.group_account_user",
        }
        add_role_users(cls, groups, "cash", "Cash", tz=TZ)
        Employee = cls.env["hr.employee"]
        cls.doctor = Employee.create({"name": "Dr. Zubova", "user_id": cls.user_doctor.id})
        cls.assistant = Employee.create({"name": "Nurse Belova"})
        Patient = cls.env["dental.patient"]
        cls.patient = Patient.create({"last_name": "Kuznetsov", "first_name": "Ivan", "birth_date": "1960-05-17"})
        cls.relative = Patient.create({"last_name": "Kuznetsova", "first_name": "Anna", "birth_date": "1988-02-01"})
        cls.patient_2 = Patient.create({"last_name": "Popova", "first_name": "Olga", "birth_date": "2015-09-09"})
        Product = cls.env["product.product"]
        cls.service_filling = Product.create(
            {
                "name": "Composite filling",
                "is_dental_service": True,
                "list_price": 5000.0,
                "taxes_id": [Command.clear()],
                "dental_duration": 45,
            }
        )
        cls.service_consult = Product.create(
            {"name": "Consultation", "is_dental_service": True, "list_price": 1000.0, "taxes_id": [Command.clear()]}
        )
        cls.service_implant = Product.create(
            {
                "name": "Implant",
                "is_dental_service": True,
                "list_price": 40000.0,
                "taxes_id": [Command.clear()],
                "dental_expensive": True,
            }
        )
        # medical services are VAT-exempt: no tax of any company on the test services
        (cls.service_filling | cls.service_consult | cls.service_implant).write({"taxes_id": [Command.clear()]})
        cls.tooth_36 = cls.env.ref("dental_chart.tooth_36")
        cls.tooth_46 = cls.env.ref("dental_chart.tooth_46")
        cls.chair = cls.env["dental.chair"].create({"name": "Chair 1", "company_id": cls.company.id})
        cls.cash_journal = cls.company._dental_payment_journal("cash")
        cls.card_journal = cls.company._dental_payment_journal("card")
        cls.bank_journal = cls.company._dental_payment_journal("bank")

    # ------------------------------------------------------------------ helpers
    @classmethod
    def _create_test_company(cls, main):
        """The company the tests work in: a branch of the main clinic (a country addon tests on its own chart)."""
        return cls.env["res.company"].create(
            {"name": "Cash Test Branch", "parent_id": main.id, "country_id": main.country_id.id}
        )

    @classmethod
    def _plan(cls, lines, patient=None, approve=True):
        """An approved treatment plan without taxes; ``lines`` are (product, teeth, qty)."""
        return super()._plan(lines, patient, approve=approve, tax_id=[Command.clear()])

    @classmethod
    def _appointment(cls, day=None, hour=10.0, patient=None, services=None, plan_lines=None, complete=True):
        day = day or cls.day
        start = local_to_utc(day, hour, TZ)
        event = cls.env["calendar.event"].create(
            {
                "patient_id": (patient or cls.patient).id,
                "chair_id": cls.chair.id,
                "doctor_id": cls.doctor.id,
                "assistant_id": cls.assistant.id,
                "start": start,
                "stop": start + timedelta(minutes=40),
                "service_ids": [Command.set((services or cls.env["product.product"]).ids)],
                "plan_line_ids": [Command.set((plan_lines or cls.env["sale.order.line"]).ids)],
            }
        )
        if complete:
            event.action_dental_complete()
        return event

    @classmethod
    def _invoice(cls, amount, day=None, patient=None, product=None, payment_term=None):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (patient or cls.patient).partner_id.id,
                "invoice_date": day or cls.day,
                "invoice_payment_term_id": payment_term.id if payment_term else False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": (product or cls.service_consult).id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, amount, mode="deposit", patient=None, invoice=None, method="cash", day=None, payer=None, env=None):
        env = env or cls.env
        wizard = env["dental.payment.wizard"].create(
            {
                "mode": mode,
                "patient_id": (patient or cls.patient).id,
                "invoice_id": invoice.id if invoice else False,
                "payer_id": (payer or patient or cls.patient).id,
                f"{method}_amount": amount,
                "date": day or cls.day,
            }
        )
        return wizard._receive()

    @classmethod
    def _bill(cls, event, env=None, **vals):
        env = env or cls.env
        wizard = env["dental.bill.wizard"].create({"appointment_id": event.id, **vals})
        action = wizard.action_confirm()
        return env["account.move"].browse(action["res_id"]), wizard

    def _figures(self, patient=None):
        patient = patient or self.patient
        patient.invalidate_recordset()
        return {
            "invoiced": patient.kpi_invoiced,
            "paid": patient.kpi_paid,
            "debt": patient.kpi_debt,
            "deposit": patient.dental_deposit,
            "balance": patient.dental_balance,
        }

    @staticmethod
    def _date(value):
        return fields.Date.to_date(value)
