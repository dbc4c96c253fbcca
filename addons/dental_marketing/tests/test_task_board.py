from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestTaskBoard(DentalMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._lead(user_id=cls.user_coordinator.id)

    def _task(self, days=2, **values):
        wizard = (
            self.env["dental.lead.task"]
            .with_context(active_model="crm.lead", active_ids=self.lead.ids)
            .create(
                {
                    "summary": "Call back",
                    "date_deadline": self.today + timedelta(days=days),
                    "user_id": self.user_coordinator.id,
                    **values,
                }
            )
        )
        wizard.action_assign()
        return self.lead.activity_ids.filtered(lambda activity: activity.summary == "Call back")

    def test_states(self):
        task = self._task()
        self.assertEqual(task.activity_type_id, self.env.ref("dental_marketing.mail_activity_type_dental_task"))
        self.assertEqual(task.dental_task_state, "todo")
        task.with_user(self.user_coordinator).write({"dental_task_state": "in_progress"})
        self.assertEqual((task.dental_task_progress, task.dental_task_state), ("in_progress", "in_progress"))
        with self.assertRaises(UserError):
            task.write({"dental_task_state": "overdue"})
        task.with_user(self.user_coordinator).write({"dental_task_state": "done"})
        self.assertFalse(task.active, "a done dental task stays on the board, archived")
        self.assertEqual(task.dental_task_state, "done")
        with self.assertRaises(UserError):
            task.write({"dental_task_state": "todo"})

    def test_overdue_by_the_daily_cron(self):
        task = self._task(days=0)
        self.assertEqual(task.dental_task_state, "todo")
        with freeze_time(self.today + timedelta(days=1, hours=12)):
            self.env["mail.activity"]._dental_cron_overdue()
        task.invalidate_recordset()
        self.assertEqual(task.dental_task_state, "overdue")
        # a new due date takes it back to its progress
        with freeze_time(self.today + timedelta(days=1, hours=12)):
            task.date_deadline = self.today + timedelta(days=5)
            self.assertEqual(task.dental_task_state, "todo")

    def test_board_columns(self):
        self._task()
        groups = self.env["mail.activity"].read_group(
            [("res_model", "=", "crm.lead"), ("res_id", "=", self.lead.id)],
            ["dental_task_state"],
            ["dental_task_state"],
        )
        self.assertEqual([group["dental_task_state"] for group in groups], ["todo", "in_progress", "overdue", "done"])

    def test_role_task_on_the_board_of_each(self):
        self._task(user_id=False, group_id=self.env.ref("dental_patient.group_coordinator").id)
        tasks = self.lead.activity_ids.filtered(lambda activity: activity.summary == "Call back")
        self.assertIn(self.user_coordinator, tasks.user_id)
        mine = (
            self.env["mail.activity"]
            .with_user(self.user_coordinator)
            .search([("user_id", "=", self.user_coordinator.id), ("dental_task_state", "=", "todo")])
        )
        self.assertIn(tasks.filtered(lambda task: task.user_id == self.user_coordinator), mine)
