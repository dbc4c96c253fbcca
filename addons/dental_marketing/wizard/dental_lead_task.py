from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DentalLeadTask(models.TransientModel):
    """A task (activity) on dental leads for a person, or for every user of a role (e.g. the doctors) of the
    leads' branch: each gets their own activity, so each sees it in their tasks."""

    _name = "dental.lead.task"
    _description = "Task on Leads for a Person or a Role"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Task Type",
        required=True,
        default=lambda self: self.env.ref("dental_marketing.mail_activity_type_dental_task", raise_if_not_found=False),
        domain=["|", ("res_model", "=", False), ("res_model", "=", "crm.lead")],
    )
    summary = fields.Char(required=True)
    date_deadline = fields.Date(string="Due Date", required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Person", domain=[("share", "=", False)])
    group_id = fields.Many2one(
        "res.groups",
        string="Role",
        domain=lambda self: [("category_id", "=", self.env.ref("dental_patient.module_category_dental").id)],
        help="Every user of this role in the lead's branch gets the task.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "crm.lead" and "lead_ids" in fields_list:
            values["lead_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    def _get_assignees(self, lead):
        self.ensure_one()
        if self.user_id:
            return self.user_id
        company = lead.company_id or self.env.company
        return self.group_id.users.filtered(lambda user: not user.share and company in user.company_ids)

    def action_assign(self):
        self.ensure_one()
        if bool(self.user_id) == bool(self.group_id):
            raise UserError(_("Give the task to a person or to a role."))
        if self.lead_ids.filtered(lambda lead: not lead.is_dental_lead):
            raise UserError(_("Tasks for roles are given on the dental team's leads only."))
        for lead in self.lead_ids:
            assignees = self._get_assignees(lead)
            if not assignees:
                raise UserError(_("Nobody of this role works in the branch of %(lead)s.", lead=lead.name))
            for user in assignees:
                lead.activity_schedule(
                    activity_type_id=self.activity_type_id.id,
                    summary=self.summary,
                    date_deadline=self.date_deadline,
                    user_id=user.id,
                )
        return True
