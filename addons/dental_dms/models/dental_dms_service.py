from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY
from odoo.addons.dental_patient.models.dental_server_fields import is_server_write, server_context

from .dental_dms_report_column import NUMERIC_COLUMNS

# Fields whose change alters the money of a day (the insurer's part of a visit): refused once the day is closed.
SERVICE_LOCKED_FIELDS = {
    "date",
    "company_id",
    "policy_id",
    "product_id",
    "quantity",
    "price_unit",
    "amount_total",
    "amount_copay",
    "amount_excess",
    "amount_insurer",
}


class DentalDmsService(models.Model):
    """A service rendered under a ДМС policy: one line of the insurer's registry.

    Written when the visit is billed (the patient's invoice takes the co-payment, the non-covered and the
    beyond-limit parts); invoiced to the insurer by the monthly registry invoice. Until the insurer pays that
    invoice, the insurer's part is the patient's "ДМС debt"; paying it closes the debt by itself.
    """

    _name = "dental.dms.service"
    _inherit = ["dental.lock.mixin"]
    _description = "Service under ДМС"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Service Date", required=True, index=True)
    policy_id = fields.Many2one(
        "dental.insurance.policy", string="Policy", required=True, index=True, ondelete="restrict"
    )
    policy_number = fields.Char(related="policy_id.name", string="Policy Number")
    policy_active = fields.Boolean(related="policy_id.active", string="Policy Active")
    patient_id = fields.Many2one(related="policy_id.patient_id", store=True, index=True, string="Patient")
    contract_id = fields.Many2one("dental.dms.contract", string="Programme", required=True, index=True)
    insurer_id = fields.Many2one(related="contract_id.insurer_id", store=True, index=True, string="Insurer")
    approval_line_id = fields.Many2one("dental.dms.approval.line", string="Approved Procedure", index=True)
    approval_id = fields.Many2one(
        related="approval_line_id.approval_id", store=True, index="btree_not_null", string="Approval"
    )
    approval_state = fields.Selection(related="approval_id.state", string="Approval Status")
    guarantee_letter = fields.Char(related="approval_id.guarantee_letter", string="Guarantee Letter №")
    appointment_id = fields.Many2one("calendar.event", string="Visit", index="btree_not_null")
    patient_invoice_id = fields.Many2one("account.move", string="Patient Invoice", index="btree_not_null")
    sale_line_id = fields.Many2one("sale.order.line", string="Plan Procedure", index="btree_not_null")
    product_id = fields.Many2one("product.product", string="Service", required=True)
    service_code = fields.Char(help="The service's code (the nomenclature code, else the clinic's own).")
    diagnosis_code = fields.Char(
        string="ICD-10 Code",
        help="Diagnoses of the procedure, written only for the insurers whose contract requires medical codes.",
    )
    doctor_id = fields.Many2one("hr.employee", string="Doctor")
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    price_unit = fields.Monetary(string="Insurer Price")
    amount_total = fields.Monetary(string="At Insurer Prices", help="Insurer price × quantity.")
    amount_copay = fields.Monetary(string="Co-payment", help="The patient's co-payment (on the patient's invoice).")
    amount_excess = fields.Monetary(string="Beyond the Limit", help="Over the policy's limits: the patient pays it.")
    amount_insurer = fields.Monetary(string="Insurer Pays")
    insurer_invoice_id = fields.Many2one(
        "account.move", string="Insurer Invoice", index="btree_not_null", copy=False, readonly=True
    )
    state = fields.Selection(
        [("to_invoice", "To Invoice"), ("invoiced", "Invoiced"), ("paid", "Paid")],
        string="Invoice Status",
        compute="_compute_state",
        store=True,
        index=True,
    )
    dms_debt = fields.Monetary(
        string="ДМС Debt", compute="_compute_state", store=True, help="What the insurer still owes for this service."
    )

    @api.depends("insurer_invoice_id.state", "insurer_invoice_id.payment_state", "amount_insurer")
    def _compute_state(self):
        for service in self:
            invoice = service.insurer_invoice_id
            # a cancelled or reversed insurer invoice gives the service back to the next registry
            if not invoice or invoice.state == "cancel" or invoice.payment_state == "reversed":
                service.state = "to_invoice"
            elif invoice.state == "posted" and invoice.payment_state in ("paid", "in_payment"):
                service.state = "paid"
            else:
                service.state = "invoiced"
            service.dms_debt = 0.0 if service.state == "paid" else service.amount_insurer

    # ------------------------------------------------------------------ CRUD: the server's only
    @api.model_create_multi
    def create(self, vals_list):
        self._dms_check_server_write()
        return super().create(vals_list)

    def write(self, vals):
        self._dms_check_server_write()
        return super().write(vals)

    def _dms_check_server_write(self):
        """A service under ДМС is what the insurer is billed for: written by the billing of an approved procedure
        (the bill dialog, the plan's billing) and linked to the insurer's invoice by the registry, never by a
        client (a service created or changed over RPC would bill the insurer for what it never approved)."""
        if not is_server_write(self.env, self._name):
            raise AccessError(
                _("Services under ДМС are recorded by the billing of approved procedures only, not written directly.")
            )

    def _dms_server(self):
        return self.with_context(**server_context(self._name))

    # ------------------------------------------------------------------ closed-day lock (dental.lock.mixin)
    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, SERVICE_LOCKED_FIELDS)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY:
            pairs = [*pairs, (self.company_id, self.date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY:
            return _("A service under ДМС")
        return super()._dental_lock_label(lock)

    def _dms_registry_rows(self, keys):
        """The registry's rows: for each service (in this recordset's order), the raw value of each column ``key``
        (a date, a number or a text; "" when empty), read in one query.

        Raw SQL instead of the ORM's per-service, per-column reads (2,000 services × 8 columns were 16,000 field
        accesses, most of the registry's time). It reads no more than the caller may see: only these services
        (searched with the caller's rules, counted again with them below) and, of their patient, policy, approval, service
        and doctor, the name or number the registry prints, after checking the caller may read those models.
        """
        if not self or not keys:
            return [[] for __ in self]
        # the caller's rights on these services, checked in SQL (check_access filters 2,000 records in Python)
        if self.search_count([("id", "in", self.ids)]) != len(set(self.ids)):
            raise AccessError(_("You cannot read some of these services under ДМС."))
        # the models whose names the columns print: the caller must read them (employees' names are public)
        models_read = {
            "patient": "dental.patient",
            "birth_date": "dental.patient",
            "policy_number": "dental.insurance.policy",
            "guarantee_letter": "dental.dms.approval",
            "service_name": "product.product",
        }
        for model in {models_read[key] for key in keys if key in models_read}:
            self.env[model].check_access("read")
        lang = self.env.lang or "en_US"
        expressions = {
            "date": SQL("s.date"),
            "patient": SQL("p.name"),
            "birth_date": SQL("dp.birth_date"),
            "policy_number": SQL("pol.name"),
            "guarantee_letter": SQL("a.guarantee_letter"),
            "service_code": SQL("s.service_code"),
            "service_name": SQL("COALESCE(pt.name->>%s, pt.name->>'en_US')", lang),
            "quantity": SQL("s.quantity"),
            "price_unit": SQL("s.price_unit"),
            "amount_total": SQL("s.amount_total"),
            "amount_insurer": SQL("s.amount_insurer"),
            "amount_copay": SQL("s.amount_copay"),
            "doctor": SQL("e.name"),
            "diagnosis_code": SQL("s.diagnosis_code"),
        }
        rows = self.env.execute_query(
            SQL(
                """
                SELECT %s
                  FROM unnest(%s::int[]) WITH ORDINALITY AS ids(id, position)
                  JOIN dental_dms_service s ON s.id = ids.id
                  JOIN dental_insurance_policy pol ON pol.id = s.policy_id
                  JOIN dental_patient dp ON dp.id = s.patient_id
                  JOIN res_partner p ON p.id = dp.partner_id
                  JOIN product_product pp ON pp.id = s.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN dental_dms_approval a ON a.id = s.approval_id
                  LEFT JOIN hr_employee e ON e.id = s.doctor_id
                 ORDER BY ids.position
                """,
                SQL(", ").join(expressions[key] for key in keys),
                list(self.ids),
            )
        )
        numeric = [key in NUMERIC_COLUMNS for key in keys]  # 0.0 when empty; the others ""
        return [
            [
                (value or 0.0) if is_number else (value if value is not None and value is not False else "")
                for value, is_number in zip(row, numeric, strict=True)
            ]
            for row in rows
        ]
