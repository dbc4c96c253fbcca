from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DentalMarketingCommon


@tagged("post_install", "-at_install")
class TestLead(DentalMarketingCommon):
    def _convert(self, lead, **vals):
        wizard = self.env["dental.lead.convert"].with_context(default_lead_id=lead.id).create(vals)
        wizard.action_convert()
        return wizard

    def test_convert_new_patient_and_appointment(self):
        lead = self._lead(dental_service_ids=[fields.Command.set(self.service_consult.ids)])
        self.assertTrue(lead.is_dental_lead)
        self.assertEqual(lead.dental_lead_kind, "new")
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=2)
        count = self.env["dental.patient"].search_count([])
        self._convert(lead, start=start, doctor_id=self.doctor.id, chair_id=self.chair.id, duration=40)
        self.assertEqual(self.env["dental.patient"].search_count([]), count + 1)
        patient = lead.dental_patient_id
        self.assertEqual((patient.last_name, patient.first_name), ("Sidorov", "Pavel"))
        self.assertEqual(patient.source_id, self.source)
        self.assertEqual(patient.company_id, self.company)
        event = lead.dental_appointment_id
        self.assertEqual((event.patient_id, event.start, event.chair_id), (patient, start, self.chair))
        self.assertEqual(event.stop - event.start, timedelta(minutes=40))
        self.assertEqual(event.service_ids, self.service_consult)
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.partner_id, patient.partner_id)

    def test_convert_existing_patient_by_phone(self):
        """The duplicate guard: a lead with a known phone is the existing card, never a new one."""
        self.patient.phone = "+7 916 555-10-01"
        lead = self._lead()
        wizard = Form(self.env["dental.lead.convert"].with_context(default_lead_id=lead.id))
        self.assertEqual(wizard.patient_id, self.patient)
        count = self.env["dental.patient"].search_count([])
        wizard.save().action_convert()
        self.assertEqual(self.env["dental.patient"].search_count([]), count)
        self.assertEqual(lead.dental_patient_id, self.patient)
        self.assertFalse(lead.dental_appointment_id)
        # clearing the choice to make a new card is refused while the phone matches
        other = self._lead(name="Second request")
        wizard = self.env["dental.lead.convert"].with_context(default_lead_id=other.id).create({})
        wizard.patient_id = False
        self.assertEqual(wizard.duplicate_ids, self.patient)
        with self.assertRaisesRegex(UserError, "already exists"):
            wizard.action_convert()
        self.assertFalse(other.dental_patient_id)
        self.assertEqual(self.env["dental.patient"].search_count([]), count)

    def test_inbound_lead_of_a_known_patient_is_returning(self):
        self.patient.write({"phone": "+7 916 555-10-01"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE dental_patient SET last_visit_date = %s WHERE id = %s", (self.day, self.patient.id))
        self.patient.invalidate_recordset()
        lead = self._lead()
        lead.dental_patient_id = lead._dental_find_patients()
        self.assertEqual(lead.dental_lead_kind, "returning")

    def test_stale_lead_flagged_and_handed_to_the_leader(self):
        self.company.dental_lead_stale_days = 3
        lead = self._lead(user_id=self.user_coordinator.id, stage_id=self.stage_thinking.id)
        fresh = self._lead(name="Fresh", user_id=self.user_coordinator.id)
        native = self.env["crm.lead"].create(
            {"name": "Native deal", "type": "opportunity", "company_id": self.company.id}
        )
        old = fields.Datetime.now() - timedelta(days=4)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = %s WHERE id IN %s", (old, (lead.id, native.id))
        )
        self.env.invalidate_all()
        self.env["crm.lead"]._dental_cron_stale()
        self.assertTrue(lead.dental_stale)
        self.assertEqual(lead.user_id, self.user_director)
        self.assertEqual(lead.activity_ids.user_id, self.user_director)
        self.assertFalse(fresh.dental_stale)
        self.assertFalse(native.is_dental_lead)
        self.assertFalse(native.dental_stale)
        # run again: nothing more
        self.env["crm.lead"]._dental_cron_stale()
        self.assertEqual(len(lead.activity_ids), 1)
        # a person moving it on takes it up again
        lead.stage_id = self.env.ref("dental_marketing.crm_stage_contacted")
        self.assertFalse(lead.dental_stale)

    def test_native_lead_is_not_converted(self):
        native = self.env["crm.lead"].create({"name": "Native deal", "company_id": self.company.id})
        self.assertFalse(native.is_dental_lead)
        with self.assertRaises(UserError):
            native.action_dental_convert()

    def test_task_for_a_role(self):
        """Every doctor of the lead's branch gets the task; a person alone gets it alone."""
        lead = self._lead()
        doctors = self.env.ref("dental_patient.group_doctor").users.filtered(
            lambda u: not u.share and self.company in u.company_ids
        )
        self.assertTrue(doctors)
        Task = self.env["dental.lead.task"].with_context(active_model="crm.lead", active_ids=lead.ids)
        Task.create(
            {"summary": "Check the X-ray", "group_id": self.env.ref("dental_patient.group_doctor").id}
        ).action_assign()
        self.assertEqual(lead.activity_ids.user_id, doctors)
        Task.create({"summary": "Call back", "user_id": self.user_coordinator.id}).action_assign()
        self.assertEqual(lead.activity_ids.filtered(lambda a: a.summary == "Call back").user_id, self.user_coordinator)
        with self.assertRaises(UserError):
            Task.create({"summary": "Nobody"}).action_assign()

    def test_funnel_shows_the_clinic_stages(self):
        self._lead()
        Lead = self.env["crm.lead"].with_context(dental_funnel=True, default_team_id=self.team.id)
        groups = Lead.read_group([("is_dental_lead", "=", True)], ["stage_id"], ["stage_id"])
        stages = self.env["crm.stage"].browse([g["stage_id"][0] for g in groups])
        self.assertTrue(stages)
        self.assertEqual(stages.team_id, self.team, "Odoo's shared stages stay out of the clinic's funnel")
        native = self.env["crm.lead"].read_group([], ["stage_id"], ["stage_id"])
        self.assertTrue(
            any(not self.env["crm.stage"].browse(g["stage_id"][0]).team_id for g in native if g["stage_id"])
        )
