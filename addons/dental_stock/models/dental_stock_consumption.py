import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.dental_patient.models.dental_lock_mixin import CLOSED_DAY

from .product_template import COST_GROUPS

_logger = logging.getLogger(__name__)

# how many rows of the queue one run of the poster posts (one batch of moves validated together)
POST_BATCH = 200


class DentalStockConsumption(models.Model):
    """One material of one completed procedure: what its norm expected and what was written off (the stock move).

    Append-only, written by the server when a procedure is completed (``kind`` consume) or its completion is
    undone (``kind`` return, negative quantities); the expected quantities feed the norm-vs-actual report, the
    moves' valuation the procedure's material cost. Materials the control mode does not write off (normal mode:
    piece materials only) have an expected quantity and no move.

    The stock moves are posted after the completion (like the point of sale's "update quantities at session
    closing"): a row with a write-off is recorded ``pending`` with the quantity it writes off (``qty``); the poster
    (cron triggered after the commit, "Post Now" of a stock manager, the day's closing) creates and validates the
    moves in batches and marks the rows ``done``. A row whose move fails is ``failed`` with the error, the others
    go on. Undoing a completion cancels its rows still pending (no move ever). A branch may post at once
    (``res.company.dental_stock_post_immediately``).
    """

    _name = "dental.stock.consumption"
    _inherit = ["dental.lock.mixin"]
    _description = "Material Consumption of a Procedure"
    _order = "date desc, id desc"

    sale_line_id = fields.Many2one(
        "sale.order.line", string="Procedure", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Branch", required=True, index=True, readonly=True)
    date = fields.Date(required=True, index=True, readonly=True)
    kind = fields.Selection(
        [("consume", "Write-off"), ("return", "Return")], required=True, default="consume", readonly=True
    )
    patient_id = fields.Many2one("dental.patient", string="Patient", index=True, readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", index=True, readonly=True)
    service_id = fields.Many2one("product.product", string="Service", index=True, readonly=True)
    norm_id = fields.Many2one("dental.consumption.norm", string="Norm", index=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Material", required=True, index=True, readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    expected_qty = fields.Float(digits="Product Unit of Measure", readonly=True, help="By the norm, in the unit.")
    qty = fields.Float(string="Written Off", digits="Product Unit of Measure", readonly=True)
    location_id = fields.Many2one("stock.location", string="Taken From", readonly=True)
    move_id = fields.Many2one("stock.move", string="Stock Move", index="btree_not_null", readonly=True)
    origin_move_id = fields.Many2one(
        "stock.move", string="Returned Move", readonly=True, help="For a return: the write-off it brings back."
    )
    state = fields.Selection(
        [("pending", "To Post"), ("done", "Done"), ("failed", "Failed"), ("cancelled", "Cancelled")],
        string="Status",
        default="done",
        required=True,
        readonly=True,
        index=True,
        help="To Post: the write-off is recorded, its stock move not made yet (the poster makes it shortly). "
        "Failed: the poster could not make the move (see the error; a stock manager posts it again). Cancelled: "
        "the completion was undone before its move was made. Done: moved (or nothing to move: expected only).",
    )
    post_error = fields.Text(string="Posting Error", readonly=True)
    cost = fields.Float(
        compute="_compute_cost",
        store=True,
        digits="Product Price",
        groups=COST_GROUPS,
        help="Value of the move in the stock valuation (negative for a return).",
    )

    @api.depends("move_id.stock_valuation_layer_ids.value")
    def _compute_cost(self):
        for consumption in self:
            consumption.cost = -sum(consumption.move_id.sudo().stock_valuation_layer_ids.mapped("value"))

    # ------------------------------------------------------------------ actions
    def action_dental_post(self):
        """Post now the selected write-offs waiting (or failed): their stock moves are made at once."""
        if not self.env.user.has_group("stock.group_stock_manager"):
            raise AccessError(_("Only a stock manager posts the write-offs of procedures."))
        self.check_access("read")  # the rows of the user's branches only
        # sudo: the server writes the ledger and the moves (no client writes them), for rows the user may read
        rows = self.sudo()._dental_post(states=("pending", "failed"))
        failed = rows.filtered(lambda row: row.state == "failed")
        message = _("%(done)s write-off(s) posted.", done=len(rows - failed))
        if failed:
            message = _("%(message)s %(failed)s failed: see their error.", message=message, failed=len(failed))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if failed else "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------ the poster
    @api.model
    def _dental_cron_post(self, batch=POST_BATCH):
        """The cron: post one batch of the queue; the cron runs again at once while rows remain."""
        rows = self._dental_lock([("state", "=", "pending")], limit=batch, skip_locked=True)
        rows._dental_post_locked()
        remaining = self.search_count([("state", "=", "pending")])
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        return rows

    def _dental_post(self, states=("pending",), raise_on_error=False):
        """Post the write-offs of ``self`` in ``states`` (the caller's sudo): lock them, make and validate their
        moves. Returns the rows it took (done or failed)."""
        if not self:
            return self
        rows = self._dental_lock([("id", "in", self.ids), ("state", "in", list(states))])
        rows._dental_post_locked(raise_on_error=raise_on_error)
        return rows

    @api.model
    def _dental_post_until(self, companies, day):
        """Post the write-offs of ``companies`` up to ``day`` before the day closes; refuse while some fail."""
        # sudo: the closing posts every write-off of the day, whoever closes it (server bookkeeping)
        Consumption = self.sudo()
        domain = [("company_id", "in", companies.ids), ("date", "<=", day)]
        Consumption.search([*domain, ("state", "in", ("pending", "failed"))])._dental_post(states=("pending", "failed"))
        failed = Consumption.search([*domain, ("state", "=", "failed")])
        if failed:
            raise UserError(
                _(
                    "Write-offs of procedures could not be posted (a stock manager fixes them first):\n%(rows)s",
                    rows="\n".join(
                        f"{row.date} {row.service_id.display_name} / {row.product_id.display_name}: {row.post_error}"
                        for row in failed[:10]
                    ),
                )
            )

    def _dental_lock(self, domain, limit=None, skip_locked=False):
        """The rows of ``domain`` locked for this transaction (``SELECT ... FOR UPDATE``): two posters never take
        the same row. The cron skips rows another poster holds; the others wait for it (and, under Odoo's
        repeatable read, fail on a row it posted meanwhile: the request is retried and finds it done)."""
        self.flush_model()
        query = self._where_calc(domain)
        query.order = SQL("%s", SQL.identifier(self._table, "id"))
        query.limit = limit
        sql = SQL(
            "%s FOR UPDATE OF %s%s",
            query.select(SQL.identifier(self._table, "id")),
            SQL.identifier(self._table),
            SQL(" SKIP LOCKED") if skip_locked else SQL(),
        )
        self.env.cr.execute(sql)
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.browse(ids)

    def _dental_post_locked(self, raise_on_error=False):
        """Make and validate the moves of the locked rows ``self`` at once; a batch failing falls back to one row
        at a time, so a broken row (a material archived, a closed day) keeps its error and the others post."""
        if not self:
            return
        self.invalidate_recordset()  # read what the lock guarantees, not a stale cache
        for company in self.company_id:
            # in the branch's environment, as the completion would have made them (valuation, checks)
            rows = self.filtered(
                lambda row, company=company: row.state in ("pending", "failed") and row.company_id == company
            )
            rows.with_company(company)._dental_post_company(raise_on_error)

    def _dental_post_company(self, raise_on_error):
        if raise_on_error:
            self._dental_post_batch()
            return
        try:
            with self.env.cr.savepoint():
                self._dental_post_batch()
        except Exception:  # any error of a move: isolate the rows, record each one's error
            for row in self:
                try:
                    with self.env.cr.savepoint():
                        row._dental_post_batch()
                except Exception as error:  # recorded on the row, visible to the stock manager
                    _logger.warning("write-off %s not posted: %s", row.id, error)
                    self.env.invalidate_all()
                    row.write({"state": "failed", "post_error": str(error)})

    def _dental_post_batch(self):
        if not self:
            return
        Move = self.env["stock.move"].sudo()
        moves = Move.create([row._dental_prepare_move_vals() for row in self])
        moves._action_done()
        self.write({"state": "done", "post_error": False})
        for row, move in zip(self, moves, strict=True):
            row.move_id = move

    def _dental_prepare_move_vals(self):
        self.ensure_one()
        line = self.sale_line_id
        consumption_location = self.company_id._dental_consumption_location()
        consume = self.kind == "consume"
        return line._dental_prepare_stock_move_vals(
            self.product_id,
            abs(self.qty),
            self.location_id if consume else consumption_location,
            consumption_location if consume else self.location_id,
            self.date,
            origin_move=self.origin_move_id,
        )

    # ------------------------------------------------------------------ closed days (dental.lock.mixin)
    def _dental_lock_fields(self):
        return self._dental_lock_join(super()._dental_lock_fields(), CLOSED_DAY, None)

    def _dental_lock_pairs(self, lock):
        pairs = super()._dental_lock_pairs(lock)
        if lock == CLOSED_DAY:
            pairs = [*pairs, (self.company_id, self.date)]
        return pairs

    def _dental_lock_label(self, lock):
        if lock == CLOSED_DAY:
            return _("A material write-off")
        return super()._dental_lock_label(lock)
