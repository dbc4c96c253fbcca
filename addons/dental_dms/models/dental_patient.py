from odoo import api, fields, models


class DentalPatient(models.Model):
    _inherit = "dental.patient"

    dental_policy_ids = fields.One2many(
        "dental.insurance.policy", "patient_id", string="ДМС Policies", context={"active_test": False}
    )
    dental_dms_policy_id = fields.Many2one(
        "dental.insurance.policy",
        string="ДМС Policy",
        compute="_compute_dental_dms_policy_id",
        help="The patient's policy valid today (the latest when several are).",
    )
    dental_dms_debt = fields.Monetary(
        string="ДМС Debt",
        compute="_compute_dental_dms_debt",
        currency_field="kpi_currency_id",
        help="What the insurers still owe for the patient's services (closed when they pay their invoices).",
    )

    @api.depends("dental_policy_ids.active", "dental_policy_ids.date_start", "dental_policy_ids.date_end")
    def _compute_dental_dms_policy_id(self):
        for patient in self:
            valid = patient.dental_policy_ids.filtered(lambda p: p.state == "valid")
            patient.dental_dms_policy_id = valid.sorted("date_start", reverse=True)[:1]

    def _compute_dental_dms_debt(self):
        debts = dict(
            self.env["dental.dms.service"]._read_group(
                [("patient_id", "in", self.ids), ("dms_debt", ">", 0)], ["patient_id"], ["dms_debt:sum"]
            )
        )
        for patient in self:
            patient.dental_dms_debt = debts.get(patient, 0.0)

    def action_dental_dms_view_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dental_dms.dental_dms_service_action")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {}
        return action
