from collections import namedtuple

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

PlanLine = namedtuple("PlanLine", ["product_id", "price_unit", "quantity"])


class SaleOrder(models.Model):
    """Billing a treatment plan invoices the procedures done (delivered quantities) not yet invoiced."""

    _inherit = "sale.order"

    def _add_loyalty_history_lines(self):
        # sudo: a plan of a branch may earn points of its head company's programmes (discount programmes apply
        # to the branches below their company); Odoo creates those cards as superuser but writes their history
        # under the user's company rule, which refuses a branch-only registrar approving the plan. Only the
        # history of this order's own points is written (sale_loyalty's method).
        if self.is_treatment_plan:
            return super(SaleOrder, self.sudo())._add_loyalty_history_lines()
        return super()._add_loyalty_history_lines()

    dental_program_id = fields.Many2one(
        "loyalty.program",
        string="Discount Programme",
        compute="_compute_dental_discount",
        help="The discount billing the plan applies today: the patient's current discount, else the best "
        "applicable one (setting Pick the Best Discount).",
    )
    dental_discount_amount = fields.Monetary(
        string="Discount",
        compute="_compute_dental_discount",
        help="What the programme takes off the plan's procedures, before taxes.",
    )

    @api.depends(
        "is_treatment_plan",
        "patient_id",
        "company_id",
        "state",
        "order_line.product_id",
        "order_line.price_unit",
        "order_line.product_uom_qty",
    )
    def _compute_dental_discount(self):
        Program = self.env["loyalty.program"]
        today = fields.Date.context_today(self)
        for order in self:
            order.dental_program_id = order.dental_discount_amount = False
            if not (order.is_treatment_plan and order.patient_id and order.state != "cancel"):
                continue
            lines = order._dental_discount_base_lines()
            applicable = Program._dental_applicable(order.patient_id, today, order.company_id)
            program = Program._dental_pick(applicable, lines, order.patient_id, order.company_id)
            if program:
                order.dental_program_id = program
                order.dental_discount_amount = program._dental_discount_amount(lines, order.patient_id)

    def _dental_discount_base_lines(self):
        """The plan's procedures as the programmes read lines (product, price, quantity)."""
        self.ensure_one()
        return [
            PlanLine(line.product_id, line.price_unit, line.product_uom_qty)
            for line in self.order_line
            if not line.display_type and not line.is_downpayment and line.price_unit > 0
        ]

    def _create_invoices(self, grouped=False, final=False, date=None):
        moves = super()._create_invoices(grouped=grouped, final=final, date=date)
        # billing a plan applies the patient's discount, like the bill dialog
        for move in moves.filtered(lambda m: m.move_type == "out_invoice" and m.dental_plan_ids):
            move._dental_apply_program()
        return moves

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        if self.is_treatment_plan and self.patient_id:
            vals["dental_patient_id"] = self.patient_id.id
        return vals

    # the sums depend on the companies the user works in (_dental_plan_money)
    dental_amount_paid = fields.Monetary(depends_context=("allowed_company_ids",))
    dental_amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_dental_amount_paid",
        depends_context=("allowed_company_ids",),
        help="Posted invoices minus credit notes billing the plan's procedures (taxes included).",
    )

    def _compute_dental_amount_paid(self):
        money = self._dental_plan_money()
        for order in self:
            order.dental_amount_invoiced, order.dental_amount_paid = money.get(order.id, (0.0, 0.0))

    def _dental_get_amount_paid(self):
        return {order_id: paid for order_id, (_invoiced, paid) in self._dental_plan_money().items()}

    def _dental_plan_money(self):
        """{plan id: (amount invoiced, amount paid)}: of every posted invoice (minus credit notes) billing the
        plan, the plan's lines and the paid part in their proportion of the document (a visit's invoice may
        also bill services outside the plan, or procedures of another plan).

        One statement for all plans (the patient card lists every plan with both amounts). Like the card's
        money figures, the sums are read whatever invoices the user may open (no record rules), within the
        companies the user works in (a plan billed by two branches shows in each what that branch billed) and
        in the plan's currency (amounts of the documents, in their currency: another currency is left out).
        """
        result = {order_id: (0.0, 0.0) for order_id in self.ids}
        order_ids = [order_id for order_id in self.ids if isinstance(order_id, int)]
        if not order_ids:
            return result
        self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
        self.env["account.move.line"].flush_model(["move_id", "price_total", "display_type"])
        self.env["account.move"].flush_model(
            ["state", "move_type", "amount_total", "amount_residual", "company_id", "currency_id"]
        )
        self.env["sale.order"].flush_model(["currency_id"])
        rows = self.env.execute_query(
            SQL(
                """
            SELECT billed.order_id,
                   SUM(CASE WHEN m.move_type = 'out_refund' THEN -l.price_total ELSE l.price_total END),
                   SUM(CASE WHEN m.amount_total = 0 THEN 0
                            ELSE (m.amount_total - m.amount_residual) * l.price_total / m.amount_total
                                 * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END END)
              FROM (SELECT DISTINCT sol.order_id, so.currency_id, rel.invoice_line_id
                      FROM sale_order_line sol
                      JOIN sale_order so ON so.id = sol.order_id
                      JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                     WHERE sol.order_id = ANY(%s)) billed
              JOIN account_move_line l ON l.id = billed.invoice_line_id
              JOIN account_move m ON m.id = l.move_id
             WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund') AND l.display_type = 'product'
               AND m.company_id = ANY(%s) AND m.currency_id = billed.currency_id
             GROUP BY billed.order_id
            """,
                order_ids,
                self.env.companies.ids,
            )
        )
        for order_id, invoiced, paid in rows:
            result[order_id] = (invoiced or 0.0, paid or 0.0)
        return result

    def action_dental_bill(self):
        """Invoice the performed procedures of an approved plan and open the (draft) invoice."""
        self.ensure_one()
        self._dental_check_billable()
        lines = self.order_line.filtered(lambda ml: not ml.display_type and ml.qty_to_invoice > 0)
        if not lines:
            raise UserError(_("Nothing to bill on %s: no performed procedure waits for an invoice.", self.display_name))
        invoice = self._create_invoices(final=True)
        return invoice._get_records_action(context={})
