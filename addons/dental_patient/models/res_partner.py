from odoo import _, api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The patient card's duplicate warning looks patients up by their normalised phone (like crm.lead does).
    phone_sanitized = fields.Char(index="btree_not_null")
    dental_kpp = fields.Char(string="KPP", help="Russian tax registration reason code (9 digits) of an organisation.")
    dental_contact_name = fields.Char(
        string="Contact Person",
        compute="_compute_dental_contact_name",
        inverse="_inverse_dental_contact_name",
        help="Name of the organisation's contact person: its first contact (a person). Setting it renames that "
        "contact, or adds one when the organisation has none.",
    )

    def _dental_contact_persons(self):
        """The first contact (a person, by creation) of each organisation in ``self``: {company id: contact}."""
        companies = self.filtered(lambda partner: partner.is_company and partner.id)
        if not companies:
            return {}
        contacts = self.search(
            [("parent_id", "in", companies.ids), ("type", "=", "contact"), ("is_company", "=", False)], order="id"
        )
        first = {}
        for contact in contacts:
            first.setdefault(contact.parent_id.id, contact)
        return first

    @api.depends("child_ids.name", "child_ids.type")
    def _compute_dental_contact_name(self):
        first = self._dental_contact_persons()
        for partner in self:
            partner.dental_contact_name = first[partner.id].name if partner.id in first else False

    def _inverse_dental_contact_name(self):
        first = self._dental_contact_persons()
        for partner in self:
            name = (partner.dental_contact_name or "").strip()
            if not name or not partner.is_company:
                continue  # clearing the column removes no contact; a person has no contact person
            contact = first.get(partner.id)
            if contact and contact.name != name:
                contact.name = name
            elif not contact:
                self.create({"name": name, "parent_id": partner.id, "type": "contact"})

    @api.model
    def get_import_templates(self):
        return [
            *super().get_import_templates(),
            {"label": _("Import Template for Counterparties"), "template": "/dental_patient/book/partners.xlsx"},
        ]

    @api.model
    def load(self, fields, data):
        if self.env.context.get("dental_import"):
            fields, data = self.env["dental.book.import"]._match_rows_by_name(self, fields, data)
        return super().load(fields, data)
