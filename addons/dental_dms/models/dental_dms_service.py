from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY
from odoo.addons.dental_patient.models.dental_server_fields import is_server_write, server_context

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
        return {**super()._dental_lock_fields(), CLOSED_DAY: SERVICE_LOCKED_FIELDS}

    def _dental_lock_pairs(self, lock):
        if lock == CLOSED_DAY:
            return [(self.company_id, self.date)]
        return super()._dental_lock_pairs(lock)

    def _dental_lock_label(self, lock):
        return _("A service under ДМС")

    def _dms_registry_value(self, key):
        """The raw value of a registry column (a date, a number or a text)."""
        self.ensure_one()
        if key == "patient":
            return self.patient_id.name or ""
        if key == "birth_date":
            return self.patient_id.birth_date or ""
        if key == "service_name":
            return self.product_id.name or ""
        if key == "doctor":
            return self.doctor_id.name or ""
        value = self[key]
        return value if value or isinstance(value, float) else ""
