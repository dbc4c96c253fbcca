import logging
import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

# JSON types of the payload's keys: (key, accepted types, type name for the message). None (null) is always
# accepted for an optional key; booleans are refused where a number is expected.
TEXT, NUMBER, CODE = (str,), (int, float), (str, int)
PAYLOAD_TYPES = (("study_id", CODE), ("patient", (dict,)), ("date", TEXT), ("image", (dict,)), ("findings", (list,)))
PATIENT_TYPES = (("id", CODE), ("card_number", CODE))
IMAGE_TYPES = (("name", TEXT), ("kind", TEXT), ("dose", NUMBER), ("note", TEXT))
FINDING_TYPES = (
    ("tooth", CODE),
    ("teeth", (list,)),
    ("condition", TEXT),
    ("diagnosis", TEXT),
    ("surfaces", (list,)),
    ("confidence", NUMBER),
    ("note", TEXT),
)
# Findings of one study: a study has at most a few per tooth.
MAX_FINDINGS = 1000
TYPE_NAMES = {
    TEXT: "a string",
    NUMBER: "a number",
    CODE: "a string or an integer",
    (dict,): "an object",
    (list,): "a list",
}


class DentalXrayImport(models.AbstractModel):
    """Import adapter for AI X-ray analysis results (e.g. Diagnocat).

    The service posts one study per request (see readme/DESCRIPTION.md for the payload);
    the image and its findings are created all-or-nothing, findings with origin
    ``imported`` and their confidence, editable afterwards. A study already imported
    (same ``study_id``) is not imported twice.
    """

    _name = "dental.xray.import"
    _description = "AI X-ray Analysis Import"

    @api.model
    def _import_payload(self, payload, image=None):
        """Validate and import one payload. Returns a dict for the JSON answer.

        :param image: the ``dental.image`` the study was made of (a client adapter such as
            dental_diagnocat uploads an existing image): the findings go onto it, its patient is the
            study's (``patient`` is not needed) and no image is created; else the image is created
        :raises ValidationError: with every row error, nothing imported
        """
        self._check_types(payload)
        study_id = str(payload.get("study_id") or "").strip()
        if not study_id:
            raise ValidationError(_("study_id is required."))
        if image:
            image.ensure_one()
            patient = image.patient_id
            existing = image.finding_ids.filtered(lambda finding: finding.import_ref == study_id)
            if existing:
                return {"image_id": image.id, "finding_ids": existing.ids, "duplicate": True}
        else:
            patient = self._find_patient(payload.get("patient") or {})
            existing = self.env["dental.image"].search(
                [("external_ref", "=", study_id), ("patient_id", "=", patient.id)], limit=1
            )
            if existing:
                return {"image_id": existing.id, "finding_ids": existing.finding_ids.ids, "duplicate": True}
        date = self._parse_date(payload.get("date")) if payload.get("date") or not image else image.date
        rows = payload.get("findings")
        if not isinstance(rows, list) or not rows:
            raise ValidationError(_("findings is a non-empty list."))
        errors, findings_vals = [], []
        for index, row in enumerate(rows):
            try:
                findings_vals.append(self._prepare_finding_vals(row, patient, date, study_id))
            except ValidationError as error:
                errors.append(_("finding %(index)s: %(error)s", index=index, error=error.args[0]))
        if errors:
            raise ValidationError("\n".join(errors))
        if not image:
            image = self.env["dental.image"].create(self._prepare_image_vals(payload, patient, date, study_id))
        for vals in findings_vals:
            vals["image_id"] = image.id
        findings = self.env["dental.chart.finding"]._dental_server().create(findings_vals).with_env(self.env)
        _logger.info("Imported AI study %s: %s findings for patient %s", study_id, len(findings), patient.id)
        return {"image_id": image.id, "finding_ids": findings.ids, "duplicate": False}

    @api.model
    def _check_types(self, payload):
        """Refuse a payload whose keys have the wrong JSON types, with every reason (nothing is imported)."""
        if not isinstance(payload, dict):
            raise ValidationError(_("The payload is a JSON object."))
        errors = self._type_errors(payload, PAYLOAD_TYPES, "")
        for key, types in (("patient", PATIENT_TYPES), ("image", IMAGE_TYPES)):
            if isinstance(payload.get(key), dict):
                errors += self._type_errors(payload[key], types, f"{key}.")
        if isinstance(payload.get("findings"), list):
            if len(payload["findings"]) > MAX_FINDINGS:
                raise ValidationError(_("A study has at most %(max)s findings.", max=MAX_FINDINGS))
            for index, row in enumerate(payload["findings"]):
                if not isinstance(row, dict):
                    errors.append(_("finding %(index)s: each finding is a JSON object.", index=index))
                    continue
                errors += self._type_errors(row, FINDING_TYPES, f"findings[{index}].")
                for key in ("teeth", "surfaces"):
                    if isinstance(row.get(key), list) and not all(self._is_type(v, CODE) for v in row[key]):
                        errors.append(_("findings[%(index)s].%(key)s: a list of strings.", index=index, key=key))
        if errors:
            raise ValidationError("\n".join(errors))

    @api.model
    def _type_errors(self, data, spec, prefix):
        return [
            _("%(key)s: %(expected)s is expected.", key=f"{prefix}{key}", expected=TYPE_NAMES[types])
            for key, types in spec
            if data.get(key) is not None and not self._is_type(data[key], types)
        ]

    @api.model
    def _is_type(self, value, types):
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return isinstance(value, types) and not isinstance(value, bool)

    @api.model
    def _find_patient(self, data):
        # Only patients of the importing branch (or of its parent companies).
        domain = [("company_id", "parent_of", self.env.company.ids)]
        if data.get("id"):
            patient_id = str(data["id"]).strip()
            if not patient_id.isdigit():
                raise ValidationError(_("patient.id is a number."))
            domain.append(("id", "=", int(patient_id)))
        elif data.get("card_number"):
            domain.append(("card_number", "=", str(data["card_number"])))
        else:
            raise ValidationError(_("patient.id or patient.card_number is required."))
        patient = self.env["dental.patient"].search(domain, limit=2)
        if len(patient) != 1:
            raise ValidationError(_("The patient of the study is not found (or not unique)."))
        return patient

    @api.model
    def _parse_date(self, value):
        if not value:
            return fields.Date.context_today(self)
        try:
            return fields.Date.to_date(str(value)[:10])
        except ValueError as error:
            raise ValidationError(_("date %s is not an ISO date (YYYY-MM-DD).", value)) from error

    @api.model
    def _prepare_image_vals(self, payload, patient, date, study_id):
        image = payload.get("image") or {}
        kinds = dict(self.env["dental.image"]._fields["kind"].selection)
        kind = image.get("kind") if image.get("kind") in kinds else "other"
        return {
            "name": image.get("name") or _("AI analysis %s", study_id),
            "patient_id": patient.id,
            "date": date,
            "kind": kind,
            "dose": float(image.get("dose") or 0.0),
            "external_ref": study_id,
            "note": image.get("note") or False,
        }

    @api.model
    def _prepare_finding_vals(self, row, patient, date, study_id):
        if not isinstance(row, dict):
            raise ValidationError(_("each finding is a JSON object."))
        teeth = row.get("teeth") or ([row["tooth"]] if row.get("tooth") else [])
        if not teeth:
            raise ValidationError(_("tooth is required."))
        tooth_records = self.env["dental.tooth"]._get_by_codes(teeth)
        condition = self.env["dental.condition"]
        if row.get("condition"):
            condition = condition.search([("code", "=", row["condition"])], limit=1)
            if not condition:
                raise ValidationError(_("unknown condition %s.", row["condition"]))
        diagnosis = self.env["dental.diagnosis"]
        if row.get("diagnosis"):
            diagnosis = diagnosis.search([("code", "=", row["diagnosis"]), ("selectable", "=", True)], limit=1)
            if not diagnosis:
                raise ValidationError(_("unknown diagnosis %s.", row["diagnosis"]))
        if not condition and not diagnosis:
            raise ValidationError(_("condition or diagnosis is required."))
        surfaces = self.env["dental.tooth.surface"]
        if row.get("surfaces"):
            codes = [str(code).upper() for code in row["surfaces"]]
            surfaces = surfaces.search([("code", "in", codes)])
            if len(surfaces) != len(set(codes)):
                raise ValidationError(_("unknown surfaces in %s.", ", ".join(codes)))
        try:
            confidence = float(row.get("confidence", 0.0))
        except (TypeError, ValueError) as error:
            raise ValidationError(_("confidence is a number between 0 and 1.")) from error
        if not 0 <= confidence <= 1:
            raise ValidationError(_("confidence is a number between 0 and 1."))
        return {
            "patient_id": patient.id,
            "date": date,
            "tooth_ids": [fields.Command.set(tooth_records.ids)],
            "surface_ids": [fields.Command.set(surfaces.ids)],
            "condition_id": condition.id,
            "diagnosis_id": diagnosis.id,
            "confidence": confidence,
            "origin": "imported",
            "import_ref": study_id,
            "note": row.get("note") or False,
            "doctor_id": False,
        }
