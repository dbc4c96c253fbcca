import json
import logging
import secrets
import threading

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.diagnocat import DONE, ERROR, DiagnocatClient, DiagnocatConfig, DiagnocatError

_logger = logging.getLogger(__name__)

# dental.image kinds Diagnocat analyses, and the modality the protocol names them by.
MODALITIES = {
    "panoramic": "panoramic",
    "periapical": "periapical",
    "bitewing": "bitewing",
    "cbct": "cbct",
    "cephalometric": "cephalometric",
    "occlusal": "occlusal",
}
# Runs of the cron in a row that found the service unreachable before a study is put in error.
MAX_ATTEMPTS = 5
# Studies handled per run of the cron (it runs again at once while some remain).
BATCH = 20


class DentalDiagnocatStudy(models.Model):
    """One image sent to Diagnocat: queued → uploaded → processing → done (its findings imported on the
    image, origin "imported", with their confidence) or error (with the reason, retried by a button)."""

    _name = "dental.diagnocat.study"
    _description = "Diagnocat Study"
    _inherit = ["mail.thread", "dental.server.fields.mixin"]
    _order = "id desc"
    _rec_name = "image_id"
    _dental_server_fields = (
        "state",
        "external_id",
        "error_message",
        "attempts",
        "skipped_findings",
        "uploaded_at",
        "done_at",
    )
    _dental_accept_resent_values = True
    # Pause before the first retry of a call (doubled after each failure).
    _diagnocat_backoff = 2.0

    image_id = fields.Many2one("dental.image", string="Image", required=True, index=True, ondelete="cascade")
    patient_id = fields.Many2one(related="image_id.patient_id", string="Patient", store=True, index=True)
    company_id = fields.Many2one(related="image_id.company_id", string="Branch", store=True, index=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("uploaded", "Uploaded"),
            ("processing", "Processing"),
            ("done", "Done"),
            ("error", "Error"),
        ],
        default="queued",
        required=True,
        index=True,
        tracking=True,
    )
    external_id = fields.Char(string="Diagnocat Study ID", index="btree_not_null", copy=False, readonly=True)
    error_message = fields.Text(string="Error", readonly=True)
    attempts = fields.Integer(readonly=True, help="Runs in a row that found the service unreachable.")
    uploaded_at = fields.Datetime(string="Uploaded On", readonly=True)
    done_at = fields.Datetime(string="Done On", readonly=True)
    skipped_findings = fields.Text(
        readonly=True, help="Findings of the service with no condition or diagnosis here: not imported."
    )
    callback_token = fields.Char(
        groups="base.group_system", copy=False, default=lambda self: secrets.token_urlsafe(32), readonly=True
    )
    finding_ids = fields.One2many("dental.chart.finding", compute="_compute_finding_ids", string="Imported Findings")
    finding_count = fields.Integer(compute="_compute_finding_ids", string="Findings")

    @api.depends("external_id", "image_id.finding_ids.import_ref")
    def _compute_finding_ids(self):
        for study in self:
            findings = study.image_id.finding_ids.filtered(
                lambda finding, ref=study.external_id: ref and finding.import_ref == ref
            )
            study.finding_ids = findings
            study.finding_count = len(findings)

    @api.constrains("image_id")
    def _check_image(self):
        for study in self:
            image = study.image_id
            if image.kind not in MODALITIES:
                raise ValidationError(_("Diagnocat analyses X-rays and CBCT studies, not %s.", image.name))
            if not image.attachment_ids:
                raise ValidationError(_("The image %s has no file to send to Diagnocat.", image.name))

    # ------------------------------------------------------------ actions
    def action_retry(self):
        """Send a study in error again (from the start when it never reached the service)."""
        self.ensure_one()
        if self.state != "error":
            raise UserError(_("Only a study in error can be sent again."))
        self.check_access("write")
        self._dental_server_write(
            {"state": "uploaded" if self.external_id else "queued", "error_message": False, "attempts": 0}
        )
        self._diagnocat_trigger()

    def action_refresh(self):
        """Ask the service now instead of waiting for the next run of the cron."""
        self.ensure_one()
        self._diagnocat_trigger()

    def _diagnocat_trigger(self):
        # sudo: triggering the cron is not a right of clinicians, running it is the cron's
        self.env.ref("dental_diagnocat.ir_cron_dental_diagnocat").sudo()._trigger()

    # ------------------------------------------------------------ the cron
    @api.model
    def _diagnocat_cron(self):
        """Upload the queued studies, follow the others (poll), import the results. One study at a time,
        committed after each outside tests, so a crash loses no study id (the upload is not made twice)."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        studies = self.search([("state", "in", ("queued", "uploaded", "processing"))], order="id", limit=BATCH + 1)
        for study in studies[:BATCH]:
            study._diagnocat_step()
            if auto_commit:
                # each study's answer (its Diagnocat id above all) is kept whatever happens to the next one
                self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = max(len(studies) - BATCH, 0)
        self.env["ir.cron"]._notify_progress(done=min(len(studies), BATCH), remaining=remaining)

    def _diagnocat_config(self):
        """The client's settings from the study's branch (or its nearest parent with an account)."""
        self.ensure_one()
        company = (self.company_id or self.env.company)._dental_diagnocat_company()
        if not company:
            raise DiagnocatError(_("Diagnocat is not configured for %s (Settings → Dental).", self.company_id.name))
        # sudo: the token is read by the server to call the service, never shown
        company = company.sudo()
        return DiagnocatConfig(
            endpoint=company.dental_diagnocat_url,
            token=company.dental_diagnocat_token,
            timeout=company.dental_diagnocat_timeout,
            max_retries=company.dental_diagnocat_retries,
            backoff=self._diagnocat_backoff,
            name=company.name,
        )

    def _diagnocat_client(self):
        return DiagnocatClient(self._diagnocat_config())

    def _diagnocat_step(self):
        """One step of the study: upload it (queued) or ask for its result; failures end in its state."""
        self.ensure_one()
        try:
            client = self._diagnocat_client()
            if self.state == "queued":
                result = client.upload(**self._prepare_upload_vals())
                self._dental_server_write(
                    {
                        "state": result.state if result.state != DONE else "processing",
                        "external_id": result.external_id,
                        "uploaded_at": fields.Datetime.now(),
                        "attempts": 0,
                        "error_message": False,
                    }
                )
                if result.state != DONE:
                    return
                result = client.fetch(result.external_id)
            else:
                result = client.fetch(self.external_id)
        except DiagnocatError as error:
            self._diagnocat_failed(error)
            return
        self._diagnocat_apply(result)

    def _prepare_upload_vals(self):
        base_url = self.get_base_url()
        company = (self.company_id or self.env.company)._dental_diagnocat_company()
        callback = company.dental_diagnocat_callback
        return {
            "reference": f"{self.env.cr.dbname}-{self.id}",
            "modality": MODALITIES[self.image_id.kind],
            # sudo: the files of an image the study may read, read as the server to send them
            "files": [
                (attachment.name, attachment.mimetype or "application/octet-stream", attachment.datas.decode())
                for attachment in self.image_id.attachment_ids.sudo()
            ],
            "callback_url": f"{base_url}/dental_diagnocat/callback/{self.id}" if callback else "",
            "callback_token": self.sudo().callback_token if callback else "",
        }

    def _diagnocat_failed(self, error):
        message = error.args[0]
        attempts = self.attempts + 1
        if error.retryable and attempts < MAX_ATTEMPTS:
            self._dental_server_write(
                {"attempts": attempts, "error_message": _("Attempt %(n)s failed: %(error)s", n=attempts, error=message)}
            )
        else:
            _logger.warning("Diagnocat study %s failed: %s", self.id, message)
            self._dental_server_write({"state": "error", "attempts": attempts, "error_message": message})

    def _diagnocat_apply(self, result):
        """Move the study to the service's state; a finished study's findings are imported on the image
        through dental.xray.import (all or nothing: a refused finding puts the study in error)."""
        self.ensure_one()
        if self.state in ("done", "error"):
            return False
        if result.external_id and not self.external_id:
            # a callback may come before the upload's answer was saved
            self._dental_server_write({"external_id": result.external_id})
        if result.state == ERROR:
            self._dental_server_write({"state": "error", "error_message": result.error})
            return True
        if result.state != DONE:
            self._dental_server_write({"state": result.state, "attempts": 0, "error_message": False})
            return True
        vals = {
            "state": "done",
            "done_at": fields.Datetime.now(),
            "attempts": 0,
            "error_message": False,
            "skipped_findings": json.dumps(result.skipped, ensure_ascii=False) if result.skipped else False,
        }
        if result.findings:
            payload = {"study_id": self.external_id, "findings": result.findings}
            try:
                with self.env.cr.savepoint():
                    imported = self.env["dental.xray.import"]._import_payload(payload, image=self.image_id)
            except ValidationError as error:
                _logger.warning("Diagnocat study %s: findings refused: %s", self.id, error.args[0])
                self._dental_server_write(
                    {"state": "error", "error_message": _("Findings refused:\n%s", error.args[0])}
                )
                return True
            count = len(imported["finding_ids"])
        else:
            count = 0
        self._dental_server_write(vals)
        self.message_post(body=_("Diagnocat: %(count)s findings imported.", count=count))
        return True
