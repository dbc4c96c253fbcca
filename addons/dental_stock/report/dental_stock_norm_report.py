from odoo import fields, models
from odoo.tools import SQL


class DentalStockNormReport(models.Model):
    """Norm vs actual: what completed procedures should have consumed by their norms against what the branch wrote
    off (automatic write-offs of procedures, manual write-offs and scraps; inventory adjustments excluded).

    One row per expected quantity (the consumption ledger), one per done stock move between an internal and a
    consumption/scrap location of a dental material, and one per write-off recorded and not posted yet (its move
    replaces it once posted); pivots and lists sum them per service, material and period. Write-offs undone
    before they were posted (cancelled) count in neither column.
    No aggregation in the view, so the branch and date filters reach the tables' indexes.
    """

    _name = "dental.stock.norm.report"
    _description = "Material Consumption: Norm vs Actual"
    _auto = False
    _order = "date desc"
    _rec_name = "product_id"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    service_id = fields.Many2one("product.product", string="Service", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    product_id = fields.Many2one("product.product", string="Material", readonly=True)
    categ_id = fields.Many2one("product.category", string="Material Group", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    expected_qty = fields.Float(string="By Norm", digits="Product Unit of Measure", readonly=True)
    actual_qty = fields.Float(string="Written Off", digits="Product Unit of Measure", readonly=True)
    difference_qty = fields.Float(string="Difference", digits="Product Unit of Measure", readonly=True)
    source = fields.Selection(
        [("norm", "Norm"), ("procedure", "Procedure Write-off"), ("manual", "Manual Write-off")], readonly=True
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT c.id * 3 AS id, c.date, c.company_id, c.service_id, c.doctor_id, c.product_id,
                   pt.categ_id, pt.uom_id AS product_uom_id,
                   c.expected_qty, 0.0 AS actual_qty, -c.expected_qty AS difference_qty, 'norm' AS source
              FROM dental_stock_consumption c
              JOIN product_product pp ON pp.id = c.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE c.state != 'cancelled'
            UNION ALL
            SELECT c.id * 3 + 2 AS id, c.date, c.company_id, c.service_id, c.doctor_id, c.product_id,
                   pt.categ_id, pt.uom_id, 0.0, c.qty, c.qty, 'procedure'
              FROM dental_stock_consumption c
              JOIN product_product pp ON pp.id = c.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE c.state IN ('pending', 'failed')
            UNION ALL
            SELECT m.id * 3 + 1 AS id, COALESCE(m.dental_date, m.date::date) AS date, m.company_id,
                   sol.product_id AS service_id, sol.doctor_id, m.product_id, pt.categ_id, pt.uom_id,
                   0.0, q.qty, q.qty, CASE WHEN m.dental_sale_line_id IS NULL THEN 'manual' ELSE 'procedure' END
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.dental_is_material
              LEFT JOIN sale_order_line sol ON sol.id = m.dental_sale_line_id
              CROSS JOIN LATERAL (
                  SELECT CASE WHEN src.usage = 'internal' THEN m.product_qty ELSE -m.product_qty END AS qty
              ) q
             WHERE m.state = 'done'
               AND NOT COALESCE(m.is_inventory, FALSE)
               AND ((src.usage = 'internal' AND dst.usage = 'inventory')
                    OR (src.usage = 'inventory' AND dst.usage = 'internal'))
            """
        )
