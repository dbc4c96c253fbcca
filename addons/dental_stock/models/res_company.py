import threading

from odoo import _, api, fields, models

# normal: only piece materials (sold or installed: crowns, posts, brushes) are written off on completion;
# advanced: every material of the norm.
STOCK_MODES = [("normal", "Normal (piece materials only)"), ("advanced", "Advanced (all norms)")]


class ResCompany(models.Model):
    _inherit = "res.company"

    dental_stock_mode = fields.Selection(
        STOCK_MODES,
        string="Material Control",
        default="normal",
        required=True,
        help="Normal: completing a procedure writes off only its piece materials (crowns, posts, brushes). "
        "Advanced: every material of the service's consumption norm.",
    )
    dental_stock_forbid_negative = fields.Boolean(
        string="Forbid Completing Out of Stock",
        help="Refuse to complete a procedure while a material its norm writes off is out of stock; otherwise the "
        "stock goes negative and the user is warned.",
    )
    dental_stock_edit_at_billing = fields.Boolean(
        string="Edit Auto Write-off at Billing",
        help="The front desk may adjust the materials written off for the procedures it bills (quantities, added or "
        "removed materials); the stock follows. Otherwise the automatic write-off stands as completed.",
    )
    dental_stock_post_immediately = fields.Boolean(
        string="Post Write-offs Immediately",
        help="Make the stock moves of a procedure's write-off when it is completed. Otherwise (the default) the "
        "completion records the write-off and the moves are posted right after, in batches, by a scheduled action "
        "(the day's closing posts what remains).",
    )
    dental_stock_location_id = fields.Many2one(
        "stock.location",
        string="Write-off Location",
        domain="[('usage', '=', 'internal'), ('company_id', '=', id)]",
        help="Where procedures take their materials from when the chair has no location of its own (default: the "
        "stock of the branch's first warehouse).",
    )
    dental_consumption_location_id = fields.Many2one(
        "stock.location",
        string="Consumption Location",
        domain="[('usage', '=', 'inventory'), ('company_id', '=', id)]",
        help="Virtual location receiving the materials consumed in procedures (created when first needed).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Every branch has its warehouse (the issue: "per branch a warehouse"). Odoo's stock creates one for a new
        company only in its test mode; without it, a new branch could neither receive materials nor write them off,
        and a purchase (a lab's, a supplier's) of that branch would be refused."""
        companies = super().create(vals_list)
        if not getattr(threading.current_thread(), "testing", False):  # stock's own create made them then
            # sudo: the warehouse is technical company setup, like Odoo's locations and picking types created above
            self.env["stock.warehouse"].sudo().create([{"company_id": company.id} for company in companies])
        return companies

    def write(self, vals):
        # locking past periods: the write-offs of those days are posted first (their moves are money of the day)
        if vals.get("dental_past_edit_until"):
            self.env["dental.stock.consumption"]._dental_post_until(self, vals["dental_past_edit_until"])
        return super().write(vals)

    def _dental_stock_source_location(self):
        """The branch's write-off location: the setting, else the stock of its first warehouse."""
        self.ensure_one()
        if self.dental_stock_location_id:
            return self.dental_stock_location_id
        # sudo: the warehouse of the branch, whoever completes the procedure (read only)
        warehouse = self.env["stock.warehouse"].sudo().search([("company_id", "=", self.id)], limit=1)
        return warehouse.lot_stock_id.with_env(self.env)

    def _dental_consumption_location(self):
        """The branch's virtual consumption location, created on first use."""
        self.ensure_one()
        if not self.dental_consumption_location_id:
            # sudo: a technical location of the branch, created by the first completion (any clinical user)
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": _("Dental Consumption"),
                        "usage": "inventory",
                        "location_id": self.env.ref("stock.stock_location_locations_virtual").id,
                        "company_id": self.id,
                    }
                )
            )
            self.sudo().dental_consumption_location_id = location
        return self.dental_consumption_location_id
