from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dental_lab.models.dental_lab_order import COST_GROUPS, STATES


class DentalReportProsthetics(models.Model):
    """Prosthetic work (seed 000 "Only prosthetics is detailed"): one row per lab order, dated by the branch's
    local day it was created, with its doctor, laboratory, stage, the work items ordered, what the work costs the
    clinic (Directors and accountants only, as on the order) and the price of the treatment-plan procedure it is
    made for."""

    _name = "dental.report.prosthetics"
    _inherit = ["dental.report.mixin"]
    _description = "Prosthetic Work"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "order_id"
    _dental_source_model = "dental.lab.order"
    _dental_source_field = "order_id"
    _dental_utc_field = "create_date"
    _dental_xlsx_columns = (
        "date",
        "company_id",
        "order_id",
        "patient_id",
        "doctor_id",
        "lab_id",
        "state",
        "due_date",
        "is_late",
        "item_count",
        "lab_cost",
        "plan_amount",
    )

    order_id = fields.Many2one("dental.lab.order", string="Lab Order", readonly=True)
    date = fields.Date(readonly=True)
    create_date = fields.Datetime(string="Created On", readonly=True)
    company_id = fields.Many2one("res.company", string="Branch", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    patient_id = fields.Many2one("dental.patient", string="Patient", readonly=True)
    doctor_id = fields.Many2one("hr.employee", string="Doctor", readonly=True)
    lab_id = fields.Many2one("res.partner", string="Laboratory", readonly=True)
    state = fields.Selection(STATES, string="Stage", readonly=True)
    due_date = fields.Date(readonly=True)
    is_late = fields.Boolean(string="Late", readonly=True)
    item_count = fields.Float(string="Work Items", digits="Product Unit of Measure", readonly=True)
    lab_cost = fields.Monetary(string="Lab Cost", readonly=True, groups=COST_GROUPS)
    plan_amount = fields.Monetary(
        string="Procedure Price", readonly=True, help="The price of the treatment-plan procedure the work is for."
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT o.id, o.id AS order_id,
                   (o.create_date AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(rc.tz, 'UTC'))::date AS date,
                   o.create_date, o.company_id, c.currency_id, o.patient_id, o.doctor_id, o.lab_id, o.state,
                   o.due_date, COALESCE(o.is_late, FALSE) AS is_late,
                   COALESCE(q.item_count, 0) AS item_count, COALESCE(o.lab_cost, 0) AS lab_cost,
                   COALESCE(sl.price_subtotal, 0) AS plan_amount
              FROM dental_lab_order o
              JOIN res_company c ON c.id = o.company_id
              LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
              LEFT JOIN sale_order_line sl ON sl.id = o.plan_line_id
              LEFT JOIN LATERAL (
                  SELECT SUM(ol.product_qty) AS item_count FROM dental_lab_order_line ol WHERE ol.order_id = o.id
              ) q ON TRUE
            """
        )
