from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class DentalBillWizard(models.TransientModel):
    """The materials written off for the procedures billed, editable at the front desk when the branch allows it
    (setting "Edit Auto Write-off at Billing"): confirming the bill brings the write-offs to the quantities shown."""

    _inherit = "dental.bill.wizard"

    procedure_ids = fields.Many2many("sale.order.line", string="Procedures Billed", compute="_compute_procedure_ids")
    material_ids = fields.One2many(
        "dental.bill.wizard.material",
        "wizard_id",
        string="Materials",
        compute="_compute_material_ids",
        store=True,
        precompute=True,
        readonly=False,
    )
    dental_edit_materials = fields.Boolean(related="company_id.dental_stock_edit_at_billing")

    @api.depends("line_ids.sale_line_id")
    def _compute_procedure_ids(self):
        for wizard in self:
            wizard.procedure_ids = wizard.line_ids.sale_line_id

    @api.depends("appointment_id")
    def _compute_material_ids(self):
        for wizard in self:
            procedures = wizard.appointment_id.plan_line_ids.filtered(lambda line: line.qty_to_invoice > 0)
            wizard.material_ids = [fields.Command.clear()] + [
                fields.Command.create(
                    {"sale_line_id": line.id, "product_id": material.id, "qty": qty, "written_off_qty": qty}
                )
                for (line, material), (qty, __) in procedures._dental_stock_written_off().items()
            ]

    def action_confirm(self):
        self.ensure_one()
        self._dental_stock_adjust()
        return super().action_confirm()

    def _dental_stock_adjust(self):
        """Refuse a change of the materials the branch does not allow; otherwise make the stock follow."""
        procedures = self.line_ids.sale_line_id
        current = {key: qty for key, (qty, __) in procedures._dental_stock_written_off().items()}
        wanted = {key: 0.0 for key in current}  # a material removed from the dialog returns to the stock
        for material in self.material_ids:
            if material.sale_line_id not in procedures:
                rounding = material.product_id.uom_id.rounding
                if not float_compare(material.qty, material.written_off_qty, precision_rounding=rounding):
                    continue  # the procedure was taken off this bill: its materials stay as they are
                raise UserError(
                    _(
                        "%(material)s: the procedure %(procedure)s is not billed here.",
                        material=material.product_id.display_name,
                        procedure=material.sale_line_id.display_name,
                    )
                )
            key = (material.sale_line_id, material.product_id)
            wanted[key] = wanted.get(key, 0.0) + material.qty
        changed = {
            key: qty
            for key, qty in wanted.items()
            if float_compare(qty, current.get(key, 0.0), precision_rounding=key[1].uom_id.rounding)
        }
        if not changed:
            return
        if not self.company_id.dental_stock_edit_at_billing:
            raise UserError(
                _(
                    "The branch %(branch)s does not allow editing the automatic write-off at billing: the materials "
                    "stay as the completion wrote them off.",
                    branch=self.company_id.name,
                )
            )
        procedures._dental_stock_adjust(changed, day=self.invoice_date)
