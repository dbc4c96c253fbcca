from odoo import _, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dental_patient.models.dental_patient_privacy import is_anonymizing

from .dental_egisz_document_patient_card import CARD_FIELDS

NAME_PARTS = ("last_name", "first_name", "patronymic")
BIRTH_FIELDS = ("birth_date", "birth_date_precision", "birth_date_text")


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    egisz_transferred_date = fields.Datetime(
        string="Sent to ЕГИСЗ",
        readonly=True,
        copy=False,
        groups="dental_patient.group_assistant",
        help="When the patient's data first reached ЕГИСЗ (the first registered document). From then on ЕГИСЗ "
        "accepts a birth date only made more precise, and at most one part of the name changed at a time.",
    )

    egisz_iemk_date = fields.Datetime(
        string="Sent to ИЭМК",
        readonly=True,
        copy=False,
        groups="dental_patient.group_assistant",
        help="When the patient was first added to the regional ИЭМК (N3.Health PIX): later visits update the card.",
    )

    def write(self, vals):
        watched = set(vals) & {*NAME_PARTS, *BIRTH_FIELDS}
        # the law's anonymisation removes the identity whatever was sent (dental_patient, Directors only)
        if is_anonymizing(self.env):
            return super().write(vals)
        # read as superuser: the rule concerns every writer, and the stamp is medical-side data
        transferred = self.sudo().filtered("egisz_transferred_date") if watched else self.browse()
        before = {
            patient.id: ({part: (patient[part] or "").strip() for part in NAME_PARTS}, patient.birth_date,
                         patient.birth_date_precision)
            for patient in transferred
        }  # fmt: skip
        res = super().write(vals)
        for patient in transferred:
            names, birth_date, precision = before[patient.id]
            patient._egisz_check_transfer_rules(names, birth_date, precision)
        if set(vals) & set(CARD_FIELDS):
            # a new patient card for ИЭМК where the patient's card was sent (the registry's server code)
            self.env["dental.egisz.document"]._card_queue_changes(self)
        return res

    def _egisz_check_transfer_rules(self, names, birth_date, precision):
        """Refuse what ЕГИСЗ refuses once the card was transferred (raises; the write is rolled back)."""
        self.ensure_one()
        changed = [part for part in NAME_PARTS if (self[part] or "").strip() != names[part]]
        if len(changed) > 1:
            raise ValidationError(
                _(
                    "%(patient)s has been sent to ЕГИСЗ: change one part of the name at a time (last name, first "
                    "name or patronymic), with its document, and send the card before the next change.",
                    patient=self.display_name,
                )
            )
        if (self.birth_date, self.birth_date_precision) == (birth_date, precision):
            return
        refined = (
            birth_date
            and self.birth_date
            and self.birth_date_precision == "full"
            and (
                (precision == "year" and self.birth_date.year == birth_date.year)
                or (precision == "day_month" and (self.birth_date.month, self.birth_date.day)
                    == (birth_date.month, birth_date.day))
            )
        )  # fmt: skip
        if not refined:
            raise ValidationError(
                _(
                    "%(patient)s has been sent to ЕГИСЗ: the birth date can only be made more precise (a known "
                    "year completed with its day and month), not changed or removed.",
                    patient=self.display_name,
                )
            )
