from datetime import timedelta

from odoo import Command, api, models

# (insurer, e-mail, price factor of the clinic's price, co-payment %, yearly limit, visit limit, medical codes)
INSURERS = [
    ("АО «АльфаСтрахование»", "dms@alfastrah.example", 0.9, 10.0, 150000.0, 0.0, True),
    ("СПАО «Ингосстрах»", "dms@ingos.example", 0.95, 0.0, 100000.0, 30000.0, False),
    ("ООО «СК «Согласие»", "dms@soglasie.example", 0.85, 20.0, 0.0, 0.0, False),
]
COLUMNS = ("date", "patient", "policy_number", "service_code", "service_name", "quantity", "price_unit", "doctor")


class DentalDmsContract(models.Model):
    _inherit = "dental.dms.contract"

    @api.model
    def _dental_dms_generate_demo(self):
        """Three insurers with price lists, contracts and registry templates; policies of the head clinic's patients
        with treatment plans, a month of approvals in every state, the services of the open days billed to the
        insurers and a registry invoice (days closed by the cash demo cannot take new money)."""
        company = self.env.ref("base.main_company")
        env = self.with_company(company).with_context(tracking_disable=True, mail_notrack=True).env
        today = company._dental_today()
        services = env["product.product"].search(
            [("is_dental_service", "=", True), ("company_id", "in", [False, company.id])]
        )
        contracts = env["dental.dms.contract"]
        for name, email, factor, copay, limit_year, limit_visit, medical in INSURERS:
            insurer = env["res.partner"].create(
                {"name": name, "is_company": True, "dental_is_insurer": True, "email": email, "lang": "ru_RU"}
            )
            pricelist = env["product.pricelist"].create(
                {
                    "name": f"ДМС: {name}",
                    "currency_id": company.currency_id.id,
                    "company_id": False,
                    "item_ids": [
                        Command.create(
                            {
                                "applied_on": "0_product_variant",
                                "product_id": service.id,
                                "compute_price": "fixed",
                                "fixed_price": round(service.lst_price * factor, -1),
                            }
                        )
                        for service in services
                    ],
                }
            )
            contract = env["dental.dms.contract"].create(
                {
                    "name": "Стоматология",
                    "number": f"ДМС-{len(contracts) + 1:03d}/{today.year}",
                    "insurer_id": insurer.id,
                    "date_start": today.replace(month=1, day=1),
                    "pricelist_id": pricelist.id,
                    "category_ids": [Command.set(services.categ_id.ids)],
                    "copay_percent": copay,
                    "limit_year": limit_year,
                    "limit_visit": limit_visit,
                    "registry_medical_codes": medical,
                }
            )
            env["dental.dms.report.template"].create(
                {
                    "name": f"Реестр {name}",
                    "insurer_id": insurer.id,
                    "header": "<p><b>{{company_name}}</b>, ИНН {{company_vat}}</p><p>Реестр оказанных услуг по "
                    "договору {{contract_number}} со страховой компанией {{insurer_name}} за период {{date_from}} – "
                    "{{date_to}}</p>",
                    "footer": "<p>Итого услуг: {{line_count}} на сумму {{total_amount}}</p>"
                    "<p>Главный врач ____________</p>",
                    "column_ids": [
                        Command.create({"sequence": seq, "data": data})
                        for seq, data in enumerate(COLUMNS + (("diagnosis_code",) if medical else ()))
                    ],
                }
            )
            contracts |= contract
        plans = env["sale.order"].search(
            [("is_treatment_plan", "=", True), ("state", "=", "sale"), ("company_id", "=", company.id)], limit=12
        )
        Approval = env["dental.dms.approval"]
        answers = ("all", "partial", "pending", "all", "rejected", "all")
        billed_day = today - timedelta(days=1)  # the last open day: the demo's earlier cash days are closed
        for index, plan in enumerate(plans.filtered("patient_id")[:9]):
            contract = contracts[index % len(contracts)]
            policy = env["dental.insurance.policy"].create(
                {
                    "name": f"{contract.insurer_id.name[:4].strip('«» ')}-{100200 + index}",
                    "patient_id": plan.patient_id.id,
                    "contract_id": contract.id,
                    "date_start": today - timedelta(days=120 + index),
                    "date_end": today + timedelta(days=245 - index),
                }
            )
            line_vals = Approval._dms_line_vals(policy, plan.order_line, day=today)
            if not line_vals:
                continue
            approval = Approval.create(
                {
                    "policy_id": policy.id,
                    "plan_id": plan.id,
                    "company_id": company.id,
                    "line_ids": [Command.create(vals) for vals in line_vals],
                }
            )
            approval.action_mark_requested()
            approval.request_date = today - timedelta(days=3 + index * 3)
            answer = answers[index % len(answers)]
            if answer == "pending":
                continue
            approval.guarantee_letter = f"ГП-{today.year}-{5000 + index}"
            if answer == "all":
                approval.action_approve_all()
            elif answer == "rejected":
                approval.action_reject()
            else:
                for number, line in enumerate(approval.line_ids):
                    approved = number % 2 == 0
                    line.write(
                        {
                            "decision": "approved" if approved else "rejected",
                            "qty_approved": line.quantity if approved else 0.0,
                        }
                    )
                approval.action_record_answer()
            approval.answer_date = approval.request_date + timedelta(days=2)
            self._dental_dms_demo_services(approval, billed_day)
        self.env["dental.dms.approval"]._cron_dms_approvals()
        # the insurers' invoice of the billed services, the first one paid
        for index, contract in enumerate(contracts):
            wizard = env["dental.dms.registry.wizard"].create(
                {
                    "insurer_id": contract.insurer_id.id,
                    "company_id": company.id,
                    "date_from": today.replace(day=1) if billed_day.month == today.month else billed_day.replace(day=1),
                    "date_to": today,
                    "invoice_date": today,
                }
            )
            if not wizard.service_count:
                continue
            invoice = env["account.move"].browse(wizard.action_create_invoice()["res_id"])
            invoice.action_post()
            if index == 0:
                env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"payment_date": today})._create_payments()

    @api.model
    def _dental_dms_demo_services(self, approval, day):
        """The approved procedures performed on ``day``: the insurer's part, as the bill dialog records it."""
        contract = approval.contract_id
        vals_list = []
        for line in approval.line_ids.filtered(lambda ln: ln.decision == "approved"):
            total = line.price_unit * line.qty_approved
            copay = round(total * contract.copay_percent / 100.0, 2)
            product = line.product_id
            vals_list.append(
                {
                    "company_id": approval.company_id.id,
                    "date": day,
                    "policy_id": approval.policy_id.id,
                    "contract_id": contract.id,
                    "approval_line_id": line.id,
                    "sale_line_id": line.sale_line_id.id,
                    "product_id": product.id,
                    "service_code": product.dental_nsi_code or product.dental_code or "",
                    "doctor_id": (line.sale_line_id.doctor_id or approval.plan_id.doctor_id).id,
                    "quantity": line.qty_approved,
                    "price_unit": line.price_unit,
                    "amount_total": total,
                    "amount_copay": copay,
                    "amount_insurer": total - copay,
                }
            )
        return self.env["dental.dms.service"].create(vals_list)
