from odoo import _, api, fields, models
from odoo.exceptions import UserError

TASK_STATES = [("todo", "To Do"), ("in_progress", "In Progress"), ("overdue", "Overdue"), ("done", "Done")]


class MailActivity(models.Model):
    """The task board's column of an activity: to do or in progress as its assignee moves it, overdue once
    its due date has passed (whatever the progress), done once marked done. Done tasks stay on the board when
    their type keeps done activities (the "Dental Task" type does, Odoo's native types keep their setting).

    Overdue depends on the day: the daily cron moves the tasks whose due date passed."""

    _inherit = "mail.activity"

    dental_task_progress = fields.Selection(
        [("todo", "To Do"), ("in_progress", "In Progress")], string="Progress", default="todo", required=True
    )
    dental_task_state = fields.Selection(
        TASK_STATES,
        string="Task State",
        compute="_compute_dental_task_state",
        store=True,
        readonly=False,
        index=True,
        group_expand="_read_group_dental_task_state",
    )

    @api.depends("active", "date_deadline", "dental_task_progress")
    def _compute_dental_task_state(self):
        today = fields.Date.context_today(self)
        for activity in self:
            if not activity.active:
                activity.dental_task_state = "done"
            elif activity.date_deadline and activity.date_deadline < today:
                activity.dental_task_state = "overdue"
            else:
                activity.dental_task_state = activity.dental_task_progress

    @api.model
    def _read_group_dental_task_state(self, states, domain):
        return [state for state, _label in TASK_STATES]

    def write(self, vals):
        # the board writes the column a card is dropped in: translate it into the progress or "mark as done"
        state = vals.get("dental_task_state")
        if state is None:
            return super().write(vals)
        vals = dict(vals)
        del vals["dental_task_state"]
        if state == "overdue":
            raise UserError(_("A task becomes overdue by its due date: change the due date instead."))
        if state == "done":
            result = super().write(vals) if vals else True
            self.filtered("active").action_done()
            return result
        if not self.filtered("active") == self:
            raise UserError(_("A done task cannot be reopened."))
        vals["dental_task_progress"] = state
        return super().write(vals)

    @api.model
    def _dental_cron_overdue(self):
        """Move the open tasks whose due date has passed to the overdue column (daily)."""
        today = fields.Date.context_today(self)
        late = self.search([("dental_task_state", "in", ("todo", "in_progress")), ("date_deadline", "<", today)])
        self.env.add_to_compute(self._fields["dental_task_state"], late)
        late.flush_recordset(["dental_task_state"])
