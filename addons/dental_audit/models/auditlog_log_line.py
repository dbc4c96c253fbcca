from odoo import api, models


class AuditlogLogLine(models.Model):
    _inherit = "auditlog.log.line"

    @api.model_create_multi
    def create(self, vals_list):
        """Read the logged fields' names in one query: auditlog reads each line's field alone (a query a line, 14
        for a payment's creation)."""
        field_ids = {vals["field_id"] for vals in vals_list if vals.get("field_id")}
        if field_ids:
            # sudo: as auditlog's own create (the log is written whatever the user's access to ir.model.fields)
            self.env["ir.model.fields"].sudo().browse(field_ids).fetch(["name", "field_description"])
        return super().create(vals_list)
