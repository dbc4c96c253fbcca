from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dental_cash.models.account_journal import PAYMENT_KINDS


class DentalReportReceipt(models.Model):
    """Receipts by direction: each matching of a patient's payment with an invoice (``account.partial.reconcile``)
    spread over the invoice's service lines in proportion to their totals, dated by the matching (the later of the
    payment and the invoice). A deposit counts here once it pays an invoice; the deposit itself is in Payments.

    The id packs the matching and the line (``partial << 31 | line``): unique and stable while both exist.
    """

    _name = "dental.report.receipt"
    _inherit = ["dental.report.mixin"]
    _description = "Receipts by Direction"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "payment_id"
    _dental_source_model = "account.payment"
    _dental_source_field = "payment_id"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "payment_id",
        "move_id",
        "patient_id",
        "doctor_id",
        "product_id",
        "categ_id",
        "method",
        "amount",
    )

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    payment_id = fields.Many2one("account.payment", string="Payment", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    categ_id = fields.Many2one("product.category", string="Direction", readonly=True)
    method = fields.Selection(PAYMENT_KINDS, string="Payment Method", readonly=True)
    amount = fields.Monetary(string="Received", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT (pr.id::bigint << 31) + l.id AS id, pr.max_date AS date, im.company_id,
                   c.currency_id, p.id AS payment_id, im.id AS move_id,
                   im.dental_patient_id AS patient_id, l.dental_doctor_id AS doctor_id, l.product_id, pt.categ_id,
                   j.dental_payment_kind AS method,
                   pr.amount * l.price_total / im.amount_total AS amount
              FROM account_partial_reconcile pr
              JOIN account_move_line dl ON dl.id = pr.debit_move_id
              JOIN account_move im ON im.id = dl.move_id
                   AND im.move_type = 'out_invoice' AND im.state = 'posted'
                   AND im.dental_patient_id IS NOT NULL AND im.amount_total <> 0
              JOIN res_company c ON c.id = im.company_id
              JOIN account_move_line cl ON cl.id = pr.credit_move_id
              JOIN account_payment p ON p.move_id = cl.move_id AND p.dental_kind IS NOT NULL
              JOIN account_journal j ON j.id = p.journal_id
              JOIN account_move_line l ON l.move_id = im.id AND l.display_type = 'product'
              LEFT JOIN product_product pp ON pp.id = l.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """
        )
