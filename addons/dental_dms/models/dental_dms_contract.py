from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class DentalDmsContract(models.Model):
    """A contract with an insurer for one programme of voluntary medical insurance (ДМС).

    What the insurer covers (service categories), its limits (per policy year, per visit), the patient's
    co-payment and the insurer's prices (an Odoo pricelist: service → ДМС price).
    """

    _name = "dental.dms.contract"
    _description = "ДМС Contract (Programme)"
    _inherit = ["mail.thread"]
    _order = "insurer_id, date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Programme", required=True, tracking=True)
    number = fields.Char(string="Contract Number", tracking=True)
    insurer_id = fields.Many2one(
        "res.partner",
        string="Insurer",
        required=True,
        index=True,
        domain=[("dental_is_insurer", "=", True)],
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", string="Branch", index=True, help="Leave empty to share the contract with every branch."
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        help="The currency of the contract's price list.",
    )
    date_start = fields.Date(string="Valid From", required=True, tracking=True)
    date_end = fields.Date(string="Valid Until", tracking=True, help="Leave empty for an open-ended contract.")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Insurer Price List",
        required=True,
        check_company=True,
        tracking=True,
        help="The insurer's prices of the services (ДМС prices). A service without a price in it is not billed to "
        "the insurer.",
    )
    category_ids = fields.Many2many(
        "product.category",
        string="Covered Service Categories",
        help="Services of these categories (and their subcategories) are covered; empty: none.",
    )
    limit_year = fields.Monetary(
        string="Limit per Policy Year", help="What the insurer pays at most per policy and policy year; 0: no limit."
    )
    limit_visit = fields.Monetary(
        string="Limit per Visit", help="What the insurer pays at most per visit; 0: no limit."
    )
    copay_percent = fields.Float(
        string="Co-payment (%)", digits=(5, 2), help="Share of the insurer's price the patient pays himself."
    )
    registry_medical_codes = fields.Boolean(
        string="Medical Codes on Registries",
        help="The insurer requires the ICD-10 codes of the diagnoses on its registries. Without it no diagnosis "
        "leaves the clinic in a registry.",
    )
    email = fields.Char(string="Approvals E-mail", help="Where approval requests go (the insurer's e-mail when empty).")
    note = fields.Html()
    active = fields.Boolean(default=True)
    policy_count = fields.Integer(string="Policies", compute="_compute_policy_count")

    _sql_constraints = [
        ("copay_range", "CHECK (copay_percent >= 0 AND copay_percent <= 100)", "The co-payment is 0 to 100 %."),
        ("limits_positive", "CHECK (limit_year >= 0 AND limit_visit >= 0)", "Limits cannot be negative."),
    ]

    @api.depends("pricelist_id.currency_id", "company_id.currency_id")
    def _compute_currency_id(self):
        for contract in self:
            contract.currency_id = (
                contract.pricelist_id.currency_id or (contract.company_id or self.env.company).currency_id
            )

    def _compute_policy_count(self):
        counts = dict(
            self.env["dental.insurance.policy"]
            .with_context(active_test=False)
            ._read_group([("contract_id", "in", self.ids)], ["contract_id"], ["__count"])
        )
        for contract in self:
            contract.policy_count = counts.get(contract, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(_("The contract %s ends before it starts.", contract.display_name))

    @api.constrains("insurer_id")
    def _check_insurer(self):
        for contract in self:
            if not contract.insurer_id.dental_is_insurer:
                raise ValidationError(_("%s is not flagged as an insurer.", contract.insurer_id.display_name))

    @api.depends("name", "insurer_id", "number")
    def _compute_display_name(self):
        for contract in self:
            parts = [contract.insurer_id.name, contract.name]
            if contract.number:
                parts.append(f"№ {contract.number}")
            contract.display_name = " — ".join(p for p in parts if p)

    # ------------------------------------------------------------------ rules of the programme
    def _dms_is_valid(self, day):
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or day <= self.date_end)

    def _dms_covers(self, product):
        """Whether the programme covers the service (its category or a parent of it is covered)."""
        self.ensure_one()
        covered = self.category_ids
        category = product.categ_id
        while category:
            if category in covered:
                return True
            category = category.parent_id
        return False

    def _dms_price(self, product, quantity=1.0, day=None):
        """The insurer's unit price of ``product``; a UserError when its price list has none."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        pricelist = self.pricelist_id
        if not pricelist._get_product_rule(product, quantity, date=day):
            raise UserError(
                _(
                    "The service %(service)s has no price in the price list %(pricelist)s of %(insurer)s: add it "
                    "there before sending it to the insurer.",
                    service=product.display_name,
                    pricelist=pricelist.display_name,
                    insurer=self.insurer_id.display_name,
                )
            )
        return pricelist._get_product_price(product, quantity, date=day)

    def _dms_email_to(self):
        self.ensure_one()
        return self.email or self.insurer_id.email or ""

    def action_view_policies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_insurance_policy_action")
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id, "active_test": False}
        return action
