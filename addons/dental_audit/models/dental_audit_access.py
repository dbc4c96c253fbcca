import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "dental_audit.retention_days"
DEFAULT_RETENTION_DAYS = 1825  # five years


class DentalAuditAccess(models.Model):
    """One row per read of audited records by a user of the web client or the API.

    Rows are written by ``dental.audit.read.mixin`` with plain SQL in the request's
    transaction (the audited models' read methods run on a read/write cursor). Nobody
    creates, changes or deletes them through the ORM: directors only read them, the
    retention cron removes the old ones.
    """

    _name = "dental.audit.access"
    _description = "Record Read"
    _order = "id desc"
    _log_access = False

    create_date = fields.Datetime(string="When", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True, index=True, ondelete="restrict")
    model = fields.Char(string="Document Model", readonly=True, index=True)
    model_description = fields.Char(string="Document", compute="_compute_model_description")
    method = fields.Selection(
        [("read", "Opened or listed"), ("chart", "Dental chart"), ("export", "Exported")],
        readonly=True,
        required=True,
    )
    record_count = fields.Integer(string="Records", readonly=True)
    records_display = fields.Char(string="Record IDs", compute="_compute_records_display")
    ip = fields.Char(string="IP Address", readonly=True)
    res_id = fields.Integer(
        string="Record ID",
        compute="_compute_res_id",
        search="_search_res_id",
        help="Search the reads that included this record.",
    )

    def init(self):
        # the ids read, as an array the ORM does not know: one row per read call however many
        # records it returned, searchable per record through the GIN index
        self.env.cr.execute(
            "ALTER TABLE dental_audit_access ADD COLUMN IF NOT EXISTS res_ids int4[] NOT NULL DEFAULT '{}'"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS dental_audit_access_res_ids_idx ON dental_audit_access USING gin (res_ids)"
        )

    def _compute_model_description(self):
        names = {m.model: m.name for m in self.env["ir.model"].sudo().search([("model", "in", self.mapped("model"))])}
        # the native documents are logged for their dental records only: name them as the clinic does
        names.update(
            {
                "sale.order": _("Treatment Plan"),
                "account.move": _("Patient Invoice"),
                "account.payment": _("Patient Payment"),
            }
        )
        for row in self:
            row.model_description = names.get(row.model, row.model)

    def _compute_records_display(self):
        ids_of = {}
        if self.ids:
            self.env.cr.execute(SQL("SELECT id, res_ids FROM dental_audit_access WHERE id IN %s", tuple(self.ids)))
            ids_of = dict(self.env.cr.fetchall())
        for row in self:
            ids = ids_of.get(row.id) or []
            shown = ", ".join(map(str, ids[:20]))
            row.records_display = shown + (_(" and %s more", len(ids) - 20) if len(ids) > 20 else "")

    def _compute_res_id(self):
        self.res_id = False

    def _search_res_id(self, operator, value):
        if operator != "=" or not isinstance(value, int):
            raise UserError(_("Search the reads of one record by its ID (a whole number)."))
        # the read ACL and record rules still apply to the rows found (the ORM adds them to the domain)
        self.env.cr.execute(SQL("SELECT id FROM dental_audit_access WHERE %s = ANY(res_ids)", value))
        return [("id", "in", [row[0] for row in self.env.cr.fetchall()])]

    @api.model
    def _dental_log(self, model, ids, method="read"):
        """Record that the current user read ``ids`` of ``model``; never fails the caller."""
        if not ids or not request:
            return
        ip = request.httprequest.remote_addr if request.httprequest else None
        query = SQL(
            "INSERT INTO dental_audit_access (create_date, user_id, model, method, record_count, res_ids, ip)"
            " VALUES (now() at time zone 'UTC', %s, %s, %s, %s, %s, %s)",
            self.env.uid,
            model,
            method,
            len(ids),
            list(ids),
            ip,
        )
        if self.env.cr.readonly:
            # Only the JSON-RPC read methods of the audited models (read, search_read, web_read,
            # web_search_read, export_data: dental.audit.read.mixin) are the user reading the record,
            # and they run on a read/write cursor. Other read-only routes touching the record (the
            # chatter's /mail/thread/data) read around it, after the record was opened and logged.
            return
        self.env.cr.execute(query)

    @api.model
    def _dental_retention_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM, DEFAULT_RETENTION_DAYS)
        try:
            return max(int(value), 30)
        except (TypeError, ValueError):
            return DEFAULT_RETENTION_DAYS

    @api.model
    def _cron_vacuum(self):
        """Delete reads and changes older than the retention period (Settings → Audit Trail)."""
        days = self._dental_retention_days()
        self.env.cr.execute(
            SQL(
                "DELETE FROM dental_audit_access WHERE create_date < (now() at time zone 'UTC') - %s * interval '1 day'",
                days,
            )
        )
        _logger.info("audit trail: %s reads older than %s days removed", self.env.cr.rowcount, days)
        self.env["auditlog.autovacuum"].sudo().autovacuum(days)
