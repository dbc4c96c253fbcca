from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalDmsCommon


@tagged("post_install", "-at_install")
class TestApproval(DentalDmsCommon):
    def test_programme_covers_categories_and_prices(self):
        self.assertTrue(self.contract._dms_covers(self.service_filling), "a subcategory of a covered category")
        self.assertFalse(self.contract._dms_covers(self.service_consult))
        self.assertEqual(self.contract._dms_price(self.service_filling), 4000.0)
        with self.assertRaisesRegex(UserError, "no price in the price list"):
            self.contract._dms_price(self.service_consult)

    def test_request_from_plan_takes_covered_lines_at_insurer_prices(self):
        plan = self._plan(
            [(self.service_filling, self.tooth_36, 2), (self.service_consult, self.env["dental.tooth"], 1)]
        )
        self.assertEqual(plan.dental_dms_policy_id, self.policy)
        approval = self._approval(plan, answer=None)
        self.assertEqual(approval.state, "requested")
        self.assertEqual(approval.request_date, self.today)
        self.assertEqual(approval.line_ids.product_id, self.service_filling, "the consultation is not covered")
        self.assertEqual(approval.line_ids.price_unit, 4000.0)
        self.assertEqual(approval.amount_requested, 8000.0)
        self.assertEqual(plan.dental_dms_approval_count, 1)
        with self.assertRaisesRegex(UserError, "No procedure"):
            plan.action_dental_dms_request_approval()  # everything covered is already requested

    def test_answer_per_line(self):
        approval = self._approval(answer=None)
        approval.line_ids.filtered(lambda line: line.sale_line_id == self.filling_line).write(
            {"decision": "approved", "qty_approved": 1.0}
        )
        with self.assertRaisesRegex(UserError, "Decide every procedure"):
            approval.action_record_answer()
        approval.line_ids.filtered(lambda line: line.sale_line_id == self.implant_line).decision = "rejected"
        with self.assertRaisesRegex(UserError, "guarantee letter"):
            approval.action_record_answer()
        approval.guarantee_letter = "GL-7"
        approval.action_record_answer()
        self.assertEqual(approval.state, "partial")
        self.assertEqual(approval.amount_approved, 4000.0)
        self.assertEqual(approval.answer_date, self.today)
        self.assertEqual(self.policy.guarantee_letters, "GL-7")
        with self.assertRaises(ValidationError):
            approval.line_ids[0].qty_approved = 5.0  # more than requested

    def test_full_and_rejected_answers(self):
        self.assertEqual(self._approval(answer="all").state, "approved")
        plan = self._plan([(self.service_filling, self.tooth_46, 1)])
        self.assertEqual(self._approval(plan, answer="none").state, "rejected")

    def test_request_needs_a_valid_policy(self):
        self.policy.active = False
        self.assertFalse(self.plan.dental_dms_policy_id)
        with self.assertRaisesRegex(UserError, "no valid ДМС policy"):
            self.plan.action_dental_dms_request_approval()

    def test_request_by_email_with_the_request_pdf(self):
        action = self.plan.action_dental_dms_request_approval()
        approval = self.env["dental.dms.approval"].browse(action["res_id"])
        send = approval.action_send_request()
        composer = Form(self.env[send["res_model"]].with_context(**send["context"]))
        composer.save().action_send_mail()
        self.assertEqual(approval.state, "requested")
        message = approval.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(self.insurer, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1, "the approval request PDF")
        self.assertIn("POL-001", message.subject)

    def test_reminder_and_expiry_cron(self):
        self.company.dental_dms_reminder_days = 3
        pending = self._approval(answer=None)
        pending.request_date = self.today - timedelta(days=5)
        fresh = self._approval(self._plan([(self.service_filling, self.tooth_46, 1)]), answer=None)
        expired = self._approval(self._plan([(self.service_implant, self.tooth_36, 1)]))
        expired.valid_until = self.today - timedelta(days=1)
        Approval = self.env["dental.dms.approval"]
        Approval._cron_dms_approvals()
        reminder = self.env.ref("dental_dms.mail_activity_type_dms_reminder")
        self.assertEqual(pending.activity_ids.activity_type_id, reminder)
        self.assertFalse(fresh.activity_ids)
        self.assertEqual(expired.state, "expired")
        Approval._cron_dms_approvals()
        self.assertEqual(len(pending.activity_ids), 1, "one reminder, not one a day")
        pending.guarantee_letter = "GL-9"
        pending.action_approve_all()
        self.assertFalse(pending.activity_ids, "the answer closes the reminder")

    def test_policy_limits_on_card_and_plan(self):
        self.contract.limit_year = 10000.0
        self.assertEqual(self.policy.consumed_amount, 0.0)
        self.assertEqual(self.policy.remaining_amount, 10000.0)
        self.assertEqual(self.plan.dental_dms_remaining, 10000.0)
        self.env["dental.dms.service"].create(
            {
                "company_id": self.company.id,
                "date": self.today,
                "policy_id": self.policy.id,
                "contract_id": self.contract.id,
                "product_id": self.service_filling.id,
                "amount_insurer": 3600.0,
            }
        )
        self.policy.invalidate_recordset()
        self.plan.invalidate_recordset()
        self.assertEqual(self.policy.consumed_amount, 3600.0)
        self.assertEqual(self.policy.remaining_amount, 6400.0)
        self.assertEqual(self.plan.dental_dms_consumed, 3600.0)
        self.assertEqual(self.patient.dental_dms_policy_id, self.policy)

    def test_policy_year(self):
        policy = self.policy
        policy.date_start = fields.Date.to_date("2025-03-10")
        begin, end = policy._dms_year_bounds(fields.Date.to_date("2026-11-18"))
        self.assertEqual((str(begin), str(end)), ("2026-03-10", "2027-03-09"))

    def test_draft_only_deleted(self):
        approval = self._approval(answer=None)
        with self.assertRaises(UserError):
            approval.unlink()
        draft = self.env["dental.dms.approval"].create(
            {
                "policy_id": self.policy.id,
                "plan_id": self.plan.id,
                "company_id": self.company.id,
                "line_ids": [Command.create({"sale_line_id": self.filling_line.id, "price_unit": 1.0})],
            }
        )
        draft.unlink()
