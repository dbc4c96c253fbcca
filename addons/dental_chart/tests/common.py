from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.common import add_role_users


class DentalPlanCommon:
    """``_plan``: a treatment plan of ``cls.patient`` by ``cls.doctor``, for the tests of dental_chart and above."""

    @classmethod
    def _plan(cls, lines, patient=None, approve=False, **line_vals):
        """A treatment plan, approved when ``approve``.

        ``lines`` are (product, teeth, qty) or (product, teeth, qty, visit); ``line_vals`` go on every line.
        """
        plan = cls.env["sale.order"].create(
            {
                "patient_id": (patient or cls.patient).id,
                "doctor_id": cls.doctor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "tooth_ids": [Command.set(teeth.ids)],
                            "product_uom_qty": qty,
                            **({"visit_number": visit[0]} if visit else {}),
                            **line_vals,
                        }
                    )
                    for product, teeth, qty, *visit in lines
                ],
            }
        )
        if approve:
            plan.action_confirm()
        return plan


class DentalChartCommon(DentalPlanCommon, TransactionCase):
    """Role users, a doctor employee, a patient and a few services shared by the dental_chart tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        cls.company = cls.env.company
        cls.branch_b = cls.env["res.company"].create({"name": "Branch B"})
        groups = {
            "registrar": "dental_patient.group_registrar",
            "assistant": "dental_patient.group_assistant",
            "doctor": "dental_patient.group_doctor",
            "coordinator": "dental_patient.group_coordinator",
            "director": "dental_patient.group_director",
            "accountant": "account.group_account_user",
        }
        add_role_users(cls, groups, "chart", "Chart")
        cls.doctor = cls.env["hr.employee"].create({"name": "Dr. Zubova", "user_id": cls.user_doctor.id})
        cls.job_therapist = cls.env["hr.job"].create({"name": "Dental therapist"})
        cls.patient = cls.env["dental.patient"].create(
            {"last_name": "Kuznetsov", "first_name": "Ivan", "birth_date": "1990-05-17"}
        )
        cls.Tooth = cls.env["dental.tooth"]
        cls.tooth_36 = cls.env.ref("dental_chart.tooth_36")
        cls.tooth_37 = cls.env.ref("dental_chart.tooth_37")
        cls.tooth_11 = cls.env.ref("dental_chart.tooth_11")
        cls.surface_o = cls.env.ref("dental_chart.surface_o")
        cls.surface_m = cls.env.ref("dental_chart.surface_m")
        cls.surface_d = cls.env.ref("dental_chart.surface_d")
        cls.caries = cls.env.ref("dental_chart.condition_caries")
        cls.filling = cls.env.ref("dental_chart.condition_filling")
        cls.missing = cls.env.ref("dental_chart.condition_missing")
        cls.crown = cls.env.ref("dental_chart.condition_crown")
        cls.k02_1 = cls.env.ref("dental_chart.diagnosis_K02_1")
        cls.k04_0 = cls.env.ref("dental_chart.diagnosis_K04_0")
        cls.k08_1 = cls.env.ref("dental_chart.diagnosis_K08_1")
        cls.service_filling = cls.env["product.product"].create(
            {
                "name": "Composite filling",
                "is_dental_service": True,
                "list_price": 5000.0,
                "dental_code": "T-01",
                "dental_duration": 45,
                "dental_job_id": cls.job_therapist.id,
                "dental_condition_id": cls.filling.id,
                "dental_diagnosis_ids": [Command.set(cls.k02_1.ids)],
                "categ_id": cls.env.ref("dental_chart.product_category_therapy").id,
            }
        )
        cls.service_anesthesia = cls.env["product.product"].create(
            {
                "name": "Infiltration anesthesia",
                "is_dental_service": True,
                "list_price": 800.0,
                "dental_duration": 5,
                "dental_per_tooth": False,
                "categ_id": cls.env.ref("dental_chart.product_category_anesthesia").id,
            }
        )

    @classmethod
    def _finding(cls, teeth, date, condition=None, diagnosis=None, surfaces=None, patient=None, **extra):
        vals = {
            "patient_id": (patient or cls.patient).id,
            "date": date,
            "tooth_ids": [Command.set(teeth.ids)],
            "surface_ids": [Command.set(surfaces.ids if surfaces else [])],
            "condition_id": condition.id if condition else False,
            "diagnosis_id": diagnosis.id if diagnosis else False,
        }
        vals.update(extra)
        return cls.env["dental.chart.finding"].create(vals)
