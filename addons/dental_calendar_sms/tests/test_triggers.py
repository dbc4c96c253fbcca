from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dental_calendar.tests.common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestSmsTriggers(DentalCalendarCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.rule_followup = ref("dental_calendar_sms.automation_visit_followup")
        cls.rule_day_before = ref("dental_calendar_sms.automation_day_before")
        cls.rule_cancelled = ref("dental_calendar_sms.automation_appointment_cancelled")
        cls.rule_review = ref("dental_calendar_sms.automation_plan_review")
        cls.rule_status = ref("dental_calendar_sms.automation_patient_status")
        cls.rules = cls.rule_followup | cls.rule_day_before | cls.rule_cancelled | cls.rule_review
        shipped = cls.rules | cls.rule_status
        cls.shipped_active = {rule.id: rule.active for rule in shipped.with_context(active_test=False)}
        cls.rules.active = True  # the patient's status rule is turned on by its own test
        (cls.patient | cls.patient_2).lang = "en_US"  # the templates speak the patient's language
        cls.template_cancelled = ref("dental_calendar_sms.sms_template_appointment_cancelled")

    def patient_sms(self, patient=None):
        return self.env["sms.sms"].search([("partner_id", "=", (patient or self.patient).partner_id.id)])

    def check(self, when):
        """Run the time-based rules at ``when`` (naive UTC), as their cron does."""
        with freeze_time(when):
            self.env["base.automation"]._check()

    def test_shipped_state(self):
        """Reminder-like rules are on, marketing-like ones and the day-before (dental_calendar's reminder) off."""
        self.assertEqual(
            self.shipped_active,
            {
                self.rule_followup.id: False,
                self.rule_day_before.id: False,
                self.rule_cancelled.id: True,
                self.rule_review.id: False,
                self.rule_status.id: False,
            },
        )
        self.assertTrue(self.env.ref("dental_calendar_sms.sms_template_plan_review").dental_marketing)
        self.assertFalse(self.template_cancelled.dental_marketing, "a cancellation notice is transactional")

    def test_cancelled_once(self):
        event = self.book(self.at(10))
        event.action_dental_cancel()
        sms = self.patient_sms()
        self.assertEqual(len(sms), 1)
        self.assertIn("is cancelled", sms.body)
        self.assertEqual(sms.state, "outgoing", "queued, never sent inside the request")
        self.assertFalse(sms.dental_marketing)
        # saved again, the rule's action run again: nothing more
        event.write({"dental_state": "cancelled", "note": "Patient called"})
        self.rule_cancelled.action_server_ids.with_context(
            active_model="calendar.event", active_id=event.id, active_ids=event.ids
        ).run()
        self.assertEqual(len(self.patient_sms()), 1)
        log = self.env["dental.sms.trigger.log"].search(
            [("res_model", "=", "calendar.event"), ("res_id", "=", event.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertTrue(log.sent)

    def test_in_the_patient_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.patient.lang = "ru_RU"
        self.book(self.at(10)).action_dental_cancel()
        self.assertIn("отменена", self.patient_sms().body)

    def test_cancelled_by_registrar(self):
        """The rule runs for a registrar, who cannot read the trigger log."""
        event = self.book(self.at(10))
        event.with_user(self.user_registrar).action_dental_cancel()
        self.assertEqual(len(self.patient_sms()), 1)
        with self.assertRaises(AccessError):
            self.env["dental.sms.trigger.log"].with_user(self.user_registrar).search([])

    def test_without_consent_nothing_sent(self):
        self.patient.allow_sms_reminder = False
        event = self.book(self.at(10))
        event.action_dental_cancel()
        self.assertFalse(self.patient_sms())
        log = self.env["dental.sms.trigger.log"].search(
            [("res_id", "=", event.id), ("res_model", "=", "calendar.event")]
        )
        self.assertTrue(log)
        self.assertFalse(log.sent)

    def test_day_before(self):
        """24 hours before the start, once; a moved appointment is reminded again."""
        self.rule_followup.active = False
        with freeze_time(self.at(10, days=-3)):
            event = self.book(self.at(10))
        self.check(self.at(9.9, days=-1))
        self.assertFalse(self.patient_sms())
        self.check(self.at(10.1, days=-1))
        sms = self.patient_sms()
        self.assertEqual(len(sms), 1)
        self.assertIn("your appointment is tomorrow", sms.body)
        self.assertTrue(sms.dental_marketing, "held by the quiet hours")
        self.check(self.at(11, days=-1))
        self.rule_day_before.last_run = False  # the cron re-run from scratch
        self.check(self.at(11, days=-1))
        self.assertEqual(len(self.patient_sms()), 1)
        # moved to the next day: a new event
        event.write({"start": self.at(10, days=1), "stop": self.at(10.5, days=1)})
        self.check(self.at(10.1))
        self.assertEqual(len(self.patient_sms()), 2)

    def test_visit_followup(self):
        """2 hours after a completed visit ends, once; nothing for an appointment not completed."""
        self.rule_day_before.active = False
        self.rule_followup.last_run = self.at(8)
        event = self.book(self.at(10))  # ends at 10:40
        other = self.book(self.at(10), patient=self.patient_2, chair=self.chair_2, doctor=self.doctor_2)
        with freeze_time(self.at(10.5)):
            event.action_dental_complete()
        self.check(self.at(12.5))
        self.assertFalse(self.patient_sms())
        self.check(self.at(12.75))
        sms = self.patient_sms()
        self.assertEqual(len(sms), 1)
        self.assertIn("thank you for your visit", sms.body)
        self.rule_followup.last_run = self.at(8)
        self.check(self.at(13))
        self.assertEqual(len(self.patient_sms()), 1)
        self.assertFalse(self.patient_sms(self.patient_2), "the other appointment is not completed")
        self.assertTrue(other)

    def test_visit_followup_not_for_old_visits(self):
        """Turning the rule on never writes to the patients of every past visit."""
        event = self.book(self.at(10))
        with freeze_time(self.at(10.5)):
            event.action_dental_complete()
        self.rule_followup.last_run = False
        self.check(self.at(10, days=3))
        self.assertFalse(self.patient_sms())

    def test_plan_review(self):
        product = self.env["product.product"].create(
            {"name": "Hygiene", "type": "service", "is_dental_service": True, "list_price": 3000.0}
        )
        plan = self.env["sale.order"].create(
            {
                "patient_id": self.patient.id,
                "doctor_id": self.doctor.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1, "visit_number": 1})],
            }
        )
        plan.action_confirm()
        self.assertFalse(self.patient_sms())
        event = self.book(self.at(10), plan_line_ids=[Command.set(plan.order_line.ids)])
        event.action_dental_complete()
        self.assertEqual(plan.plan_state, "done")
        sms = self.patient_sms()
        self.assertEqual(len(sms), 1)
        self.assertIn("your treatment is complete", sms.body)
        plan.write({"note": "Thank you"})
        self.rule_review.action_server_ids.with_context(
            active_model="sale.order", active_id=plan.id, active_ids=plan.ids
        ).run()
        self.assertEqual(len(self.patient_sms()), 1)

    def test_rule_of_a_patient_status(self):
        """A clinic's own rule on the patient (a status given) sends once per set of statuses."""
        template = self.env["sms.template"].create(
            {"name": "Status", "model_id": self.env.ref("dental_patient.model_dental_patient").id, "body": "Welcome"}
        )
        status = self.env["dental.patient.status"].create({"name": "VIP", "condition": "manual"})
        Log = self.env["dental.sms.trigger.log"]
        self.patient.manual_status_ids = status
        Log._dental_fire(self.patient, template, "manual_status_ids")
        Log._dental_fire(self.patient, template, "manual_status_ids")
        self.assertEqual(self.patient_sms().mapped("body"), ["Welcome"])

    def test_patient_status_rule(self):
        """The shipped rule on the patient's statuses: once per set of statuses given by hand."""
        self.rule_status.active = True
        Status = self.env["dental.patient.status"]
        vip = Status.create({"name": "VIP", "condition": "manual"})
        ortho = Status.create({"name": "Orthodontics", "condition": "manual"})
        self.patient.manual_status_ids = vip
        sms = self.patient_sms()
        self.assertEqual(len(sms), 1)
        self.assertIn("your status at the clinic: VIP", sms.body)
        self.assertTrue(sms.dental_marketing, "held by the quiet hours")
        self.patient.write({"gender": "female", "manual_status_ids": [Command.set(vip.ids)]})
        self.assertEqual(len(self.patient_sms()), 1, "saved again with the same statuses: nothing")
        self.patient.manual_status_ids = [Command.link(ortho.id)]
        self.assertEqual(len(self.patient_sms()), 2)
        self.patient.manual_status_ids = [Command.unlink(ortho.id)]
        self.patient.manual_status_ids = [Command.set([ortho.id, vip.id])]
        self.assertEqual(len(self.patient_sms()), 2, "the same set again is not a new event")
        self.patient.manual_status_ids = [Command.clear()]
        self.assertEqual(len(self.patient_sms()), 2, "no status, no message")
        self.assertFalse(self.patient_sms(self.patient_2))

    def test_access(self):
        """Administrators edit the rules and the templates (Odoo's rights): not registrars, not Directors."""
        for user in (self.user_registrar, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.rule_cancelled.with_user(user).write({"active": False})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.template_cancelled.with_user(user).write({"body": "Changed"})
        self.template_cancelled.write({"body": "Changed by the administrator"})
