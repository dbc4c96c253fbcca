from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .dental_server_fields import has_server_token, server_context

CONSENT_KINDS = [
    ("pd", "Personal Data Processing"),
    ("sms", "SMS Mailings"),
    ("email", "E-mail Mailings"),
]
# the card's checkbox of each kind: the record is the history, the checkbox the current state
CONSENT_FIELDS = {"pd": "pd_consent", "sms": "sms_consent", "email": "email_consent"}
# tokens (dental.server.fields: a client's context cannot carry them) of the two directions of the sync
FROM_CARD = "dental.patient.consent.from_card"
FROM_RECORD = "dental.patient.consent.from_record"


class DentalPatientConsent(models.Model):
    """A consent given or withdrawn by a patient, on a date, with the document that captured it.

    Evidence: once recorded it is never changed nor deleted (by anyone, the superuser
    included); a new record supersedes it. Ticking a consent on the card records one
    too, so the history is complete whichever way the registrar works.
    """

    _name = "dental.patient.consent"
    _description = "Patient Consent"
    _order = "date desc, id desc"

    patient_id = fields.Many2one("dental.patient", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="patient_id.company_id", store=True, index=True)
    kind = fields.Selection(CONSENT_KINDS, required=True)
    given = fields.Boolean(string="Given", default=True, help="Off: withdrawn.")
    date = fields.Date(required=True, default=fields.Date.context_today)
    document_id = fields.Many2one(
        "dental.patient.document",
        string="Signed Document",
        ondelete="set null",
        domain="[('patient_id', '=', patient_id)]",
        help="The document the patient signed (printed from the card's templates).",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Scans")
    source = fields.Selection(
        [("card", "Ticked on the card"), ("record", "Recorded with its document")],
        default="record",
        required=True,
        readonly=True,
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record in records:
            if record.document_id and record.document_id.patient_id != record.patient_id:
                raise UserError(_("The signed document must be one of %s's documents.", record.patient_id.name))
        # the card follows the newest record of each kind (unless the card itself wrote it)
        if not has_server_token(self.env, FROM_CARD):
            for record in records.sorted(lambda r: (r.date, r.id)):
                vals = {CONSENT_FIELDS[record.kind]: record.given}
                if record.kind == "pd":
                    vals["pd_consent_date"] = record.date if record.given else False
                record.patient_id.with_context(**server_context(FROM_RECORD)).write(vals)
        return records

    def write(self, vals):
        if vals:
            raise UserError(_("A recorded consent is evidence and cannot be changed: record a new one instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("A recorded consent is evidence and cannot be deleted."))
