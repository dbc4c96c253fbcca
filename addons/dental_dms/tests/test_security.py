from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DentalDmsCommon


@tagged("post_install", "-at_install")
class TestDmsSecurity(DentalDmsCommon):
    """The attacker of docs/security.md at the ORM: the lowest roles reaching the ДМС models, any values."""

    def _draft(self, env=None):
        env = env or self.env(user=self.user_registrar)
        action = self.plan.with_env(env).action_dental_dms_request_approval()
        return env["dental.dms.approval"].browse(action["res_id"])

    def test_status_and_dates_are_the_servers(self):
        Approval = self.env["dental.dms.approval"].with_user(self.user_registrar)
        vals = {"policy_id": self.policy.id, "plan_id": self.plan.id, "company_id": self.company.id}
        for forged in ({"state": "approved"}, {"request_date": self.day}, {"answer_date": self.day}):
            with self.assertRaises(AccessError, msg=str(forged)):
                Approval.create({**vals, **forged})
        approval = Approval.with_context(default_state="approved").create(vals)
        self.assertEqual(approval.state, "draft", "a default_ key sets no status")
        for forged in ({"state": "approved"}, {"state": "requested"}, {"request_date": self.day}):
            with self.assertRaises(AccessError, msg=str(forged)):
                approval.write(forged)
        self.assertEqual(approval.state, "draft")

    def test_no_answer_before_the_request(self):
        approval = self._draft()
        line = approval.line_ids[0]
        with self.assertRaises(UserError):
            line.write({"decision": "approved", "qty_approved": 1.0})
        with self.assertRaises(UserError):
            approval.action_approve_all()
        with self.assertRaises(UserError):
            approval.line_ids.create(
                {
                    "approval_id": approval.id,
                    "sale_line_id": self.filling_line.id,
                    "decision": "approved",
                    "qty_approved": 1.0,
                }
            )
        self.assertEqual(line.decision, "pending")

    def test_sent_request_is_fixed(self):
        approval = self._draft()
        approval.action_mark_requested()
        line = approval.line_ids[0]
        Line = self.env["dental.dms.approval.line"].with_user(self.user_registrar)
        other = self.env["dental.insurance.policy"].create(
            {
                "name": "POL-OTHER",
                "patient_id": self.patient_2.id,
                "contract_id": self.contract.id,
                "date_start": self.policy.date_start,
                "date_end": self.policy.date_end,
            }
        )
        for vals in ({"policy_id": other.id}, {"plan_id": False}, {"company_id": self.env.company.id}):
            with self.assertRaises(UserError, msg=str(vals)):
                approval.write(vals)
        for vals in ({"quantity": 5.0}, {"price_unit": 1.0}, {"sale_line_id": self.implant_line.id}):
            with self.assertRaises(UserError, msg=str(vals)):
                line.write(vals)
        with self.assertRaises(UserError):
            Line.create({"approval_id": approval.id, "sale_line_id": self.filling_line.id})
        with self.assertRaises(UserError):
            line.unlink()
        self.assertEqual(len(approval.line_ids), 2)

    def test_corrected_answer_sets_the_status_again(self):
        approval = self._approval(env=self.env(user=self.user_registrar))
        self.assertEqual(approval.state, "approved")
        implant = approval.line_ids.filtered(lambda ln: ln.sale_line_id == self.implant_line)
        implant.write({"decision": "rejected", "qty_approved": 0.0})
        self.assertEqual(approval.state, "partial", "a client's line change cannot leave the status stale")
        approval.line_ids.write({"decision": "rejected", "qty_approved": 0.0})
        self.assertEqual(approval.state, "rejected")
        approval.line_ids.write({"decision": "approved", "qty_approved": 1.0})
        self.assertEqual(approval.state, "approved")
        approval.write({"guarantee_letter": False})
        with self.assertRaisesRegex(UserError, "guarantee letter"):
            implant.write({"decision": "approved", "qty_approved": 1.0})

    def test_billed_answer_is_frozen(self):
        approval = self._approval(env=self.env(user=self.user_registrar))
        self._bill(self._visit(self.filling_line), env=self.env(user=self.user_registrar))
        filling = approval.line_ids.filtered(lambda ln: ln.sale_line_id == self.filling_line)
        approval = approval.with_user(self.user_registrar)
        with self.assertRaises(UserError):
            filling.with_user(self.user_registrar).write({"qty_approved": 1.0, "decision": "approved"})
        # the implant is not billed, but its answer came with the same guarantee letter
        implant = approval.line_ids - filling
        with self.assertRaises(UserError):
            implant.with_user(self.user_registrar).write({"decision": "rejected", "qty_approved": 0.0})
        for vals in ({"guarantee_letter": "FORGED"}, {"valid_until": self.today}):
            with self.assertRaises(UserError, msg=str(vals)):
                approval.write(vals)
        with self.assertRaises(UserError):
            approval.action_reset_draft()
        self.assertEqual(approval.guarantee_letter, "GL-1")

    def test_services_are_written_by_the_billing_only(self):
        approval = self._approval()
        self._bill(self._visit(self.filling_line))
        service = self.env["dental.dms.service"].search([("patient_id", "=", self.patient.id)])
        vals = {
            "company_id": self.company.id,
            "date": self.today,
            "policy_id": self.policy.id,
            "contract_id": self.contract.id,
            "approval_line_id": approval.line_ids[1].id,
            "product_id": self.service_implant.id,
            "amount_insurer": 27000.0,
        }
        for user in (self.user_registrar, self.user_accountant, self.user_director):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["dental.dms.service"].with_user(user).create(vals)
            for forged in ({"amount_insurer": 1.0}, {"insurer_invoice_id": False}, {"quantity": 3.0}):
                with self.assertRaises(AccessError, msg=f"{user.login} {forged}"):
                    service.with_user(user).write(forged)
        self.assertEqual(service.amount_insurer, 3600.0)

    def test_policy_of_another_patient_bills_nothing(self):
        self._approval()
        other = self.env["dental.insurance.policy"].create(
            {
                "name": "POL-OTHER",
                "patient_id": self.patient_2.id,
                "contract_id": self.contract.id,
                "date_start": self.policy.date_start,
                "date_end": self.policy.date_end,
            }
        )
        event = self._visit(self.filling_line)
        wizard = self.env["dental.bill.wizard"].with_user(self.user_registrar).create({"appointment_id": event.id})
        wizard.dms_policy_id = other
        with self.assertRaisesRegex(UserError, "another patient"):
            wizard.action_confirm()
        self.assertEqual(event.dental_billing_state, "to_bill")
        self.assertFalse(self.env["dental.dms.service"].search([("patient_id", "in", self.patient_2.ids)]))

    def test_uncovered_service_is_not_sent_nor_billed(self):
        approval = self._draft()
        plan = self._plan([(self.service_consult, self.env["dental.tooth"], 1)])
        with self.assertRaises(ValidationError):
            self.env["dental.dms.approval"].with_user(self.user_registrar).create(
                {
                    "policy_id": self.policy.id,
                    "plan_id": plan.id,
                    "company_id": self.company.id,
                    "line_ids": [Command.create({"sale_line_id": plan.order_line.id, "price_unit": 100.0})],
                }
            )
        self.assertTrue(approval.line_ids)

    def test_policy_patient_and_programme_fixed_once_used(self):
        self._approval()
        with self.assertRaises(UserError):
            self.policy.with_user(self.user_registrar).write({"patient_id": self.patient_2.id})
        self.policy.with_user(self.user_registrar).write({"date_end": self.policy.date_end})

    def test_other_branch_reads_no_approval(self):
        approval = self._approval()
        branch = self.env["res.company"].create({"name": "DMS Branch B", "parent_id": self.company.parent_id.id})
        outsider = new_test_user(
            self.env,
            login="dms_branch_b_registrar",
            groups="dental_patient.group_registrar",
            company_id=branch.id,
            company_ids=[branch.id],
        )
        Approval = self.env["dental.dms.approval"].with_user(outsider).with_context(allowed_company_ids=branch.ids)
        self.assertFalse(Approval.search([("id", "=", approval.id)]))
        with self.assertRaises(AccessError):
            Approval.browse(approval.id).read(["guarantee_letter"])
        with self.assertRaises(AccessError):
            self.env["dental.dms.approval.line"].with_user(outsider).browse(approval.line_ids.ids).read(["decision"])
        with self.assertRaises(AccessError):
            Approval.browse(approval.id).write({"note": "x"})

    def test_rejected_procedure_requested_again(self):
        approval = self._approval(answer={self.filling_line: 1.0})
        self.assertEqual(approval.state, "partial")
        self._bill(self._visit(self.filling_line))
        again = self._approval(answer="all", letter="GL-2")
        self.assertEqual(again.line_ids.sale_line_id, self.implant_line, "only the rejected procedure")
        self.assertEqual(again.state, "approved")
