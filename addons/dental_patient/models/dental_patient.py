from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

NAME_PARTS = ("last_name", "first_name", "patronymic")


class DentalPatient(models.Model):
    """A patient of the clinic.

    The patient *is* a partner (``_inherits``): invoices, payments, SMS, CRM and
    the portal work on ``partner_id``; what only the clinic needs lives here.
    """

    _name = "dental.patient"
    _description = "Patient"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_name, first_name, patronymic, id"
    _rec_names_search = ["name", "card_number"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        required=True,
        ondelete="restrict",
        index=True,
        auto_join=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Branch",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="Branch that registered the patient. Patients of the head company are shared by all its branches.",
    )
    active = fields.Boolean(default=True, tracking=True)
    last_name = fields.Char(tracking=True, index="trigram")
    first_name = fields.Char(tracking=True, index="trigram")
    patronymic = fields.Char(tracking=True)
    card_number = fields.Char(
        string="Card No.",
        readonly=True,
        copy=False,
        index=True,
        help="Medical card number, given from the branch sequence when the patient is created.",
    )
    birth_date = fields.Date(tracking=True)
    age = fields.Integer(compute="_compute_age")
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female")],
        tracking=True,
    )

    _sql_constraints = [
        (
            "card_number_company_uniq",
            "unique(card_number, company_id)",
            "A card number is unique within a branch.",
        ),
    ]

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for patient in self:
            patient.age = relativedelta(today, patient.birth_date).years if patient.birth_date else 0

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for patient in self:
            if patient.birth_date and patient.birth_date > today:
                raise ValidationError(_("The birth date of %(patient)s is in the future.", patient=patient.name))

    @api.model
    def _compose_name(self, last_name, first_name, patronymic):
        return " ".join(part.strip() for part in (last_name, first_name, patronymic) if part and part.strip())

    @api.model
    def _split_name(self, name):
        """Split "Last First Patronymic..." typed in one field into name parts."""
        parts = (name or "").split()
        return {
            "last_name": parts[0] if parts else False,
            "first_name": parts[1] if len(parts) > 1 else False,
            "patronymic": " ".join(parts[2:]) or False,
        }

    @api.model
    def _prepare_name_vals(self, vals):
        if any(vals.get(part) for part in NAME_PARTS):
            return {"name": self._compose_name(*(vals.get(part) for part in NAME_PARTS))}
        if vals.get("name"):
            return self._split_name(vals["name"])
        raise UserError(_("Give the patient's last name and first name."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.update(self._prepare_name_vals(vals))
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals.setdefault("company_id", company.id)
            if not vals.get("partner_id"):
                vals.setdefault("is_company", False)
                vals.setdefault("type", "contact")
            if not vals.get("card_number"):
                vals["card_number"] = self._next_card_number(company)
        patients = super().create(vals_list)
        patients._sync_partner_company()
        return patients

    def write(self, vals):
        if "name" in vals and not any(part in vals for part in NAME_PARTS):
            vals = dict(vals, **self._split_name(vals["name"]))
        res = super().write(vals)
        if any(part in vals for part in NAME_PARTS):
            for patient in self:
                name = self._compose_name(patient.last_name, patient.first_name, patient.patronymic)
                if not name:
                    raise UserError(_("Give the patient's last name and first name."))
                if patient.name != name:
                    patient.partner_id.name = name
        if "company_id" in vals:
            self._sync_partner_company()
        return res

    def _sync_partner_company(self):
        for patient in self:
            if patient.partner_id.company_id != patient.company_id:
                patient.partner_id.company_id = patient.company_id

    @api.model
    def _next_card_number(self, company):
        return self.env["ir.sequence"].with_company(company).next_by_code("dental.patient") or "/"
