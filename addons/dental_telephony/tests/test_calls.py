from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import pbx
from .common import DentalTelephonyCommon


@tagged("post_install", "-at_install")
class TestCalls(DentalTelephonyCommon):
    def _receive(self, account, *events):
        return account._dental_receive(list(events))

    def test_popup_goes_to_the_branch_front_desk_only(self):
        call = self._receive(self.uis, self._event(pbx.START))
        told = self._bus_rows(call)
        self.assertIn(self.user_registrar.partner_id.id, told)
        self.assertIn(self.user_director.partner_id.id, told)  # Directors are registrars too
        for user in (self.user_other_registrar, self.user_doctor, self.user_assistant, self.user_coordinator):
            self.assertNotIn(user.partner_id.id, told, user.login)
        self.assertEqual(told, {self.user_registrar.partner_id.id, self.user_director.partner_id.id})

    def test_popup_not_sent_for_repeated_or_outgoing_or_finished_calls(self):
        call = self._receive(self.uis, self._event(pbx.START))
        self._bus_rows(call)
        self.env["bus.bus"].sudo().search([]).unlink()
        self._receive(self.uis, self._event(pbx.START))
        self.assertFalse(self._bus_rows(call))
        outgoing = self._receive(self.uis, self._event(pbx.START, "call-2", direction="out"))
        self.assertFalse(self._bus_rows(outgoing))
        finished = self._receive(self.uis, self._event(pbx.END, "call-3", answered=False))
        self.assertFalse(self._bus_rows(finished))

    def test_popup_info_of_a_patient(self):
        call = self._receive(self.uis, self._event(pbx.START))
        info = call.with_user(self.user_registrar).dental_popup_info()
        patient = info["patient"]
        self.assertEqual((patient["id"], patient["name"]), (self.patient.id, self.patient.name))
        self.assertEqual(patient["tags"], ["VIP caller"])
        self.assertFalse(patient["next_visit"])
        self.assertFalse(patient["last_visit"])
        self.assertEqual(info["number"], "+79167000001")

    def test_popup_info_of_an_unknown_number_and_new_lead(self):
        call = self._receive(self.uis, self._event(pbx.START, caller="+79035550099"))
        as_registrar = call.with_user(self.user_registrar)
        info = as_registrar.dental_popup_info()
        self.assertEqual((info["patient"], info["lead"]), (False, False))
        action = as_registrar.action_create_lead()
        lead = call.lead_id
        self.assertEqual((action["res_model"], action["res_id"]), ("crm.lead", lead.id))
        self.assertEqual(
            (lead.phone_sanitized, lead.company_id, lead.is_dental_lead), ("+79035550099", self.company, True)
        )
        self.assertEqual(as_registrar.action_create_lead()["res_id"], lead.id)  # once
        self.assertEqual(as_registrar.dental_popup_info()["lead"]["id"], lead.id)
        # the next call of the number is linked to the lead
        second = self._receive(self.uis, self._event(pbx.START, "call-2", caller="+79035550099"))
        self.assertEqual(second.lead_id, lead)

    def test_new_patient_from_the_popup_is_linked_to_the_call(self):
        call = self._receive(self.uis, self._event(pbx.START, caller="+79035550099"))
        context = call.with_user(self.user_registrar).action_create_patient()["context"]
        patient = (
            self.env["dental.patient"]
            .with_user(self.user_registrar)
            .with_context(**context)
            .create({"last_name": "Novikova", "first_name": "Olga"})
        )
        self.assertEqual(call.patient_id, patient)
        self.assertEqual(patient.mobile, "+79035550099")

    def test_missed_call_sms_once_through_the_patients_hook(self):
        call = self._receive(self.uis, self._event(pbx.START), self._event(pbx.END, answered=False))
        self._receive(self.uis, self._event(pbx.END, answered=False))
        self.assertEqual((call.status, call.missed_sms_sent), ("missed", True))
        sms = self._sms_to("+79167000001")
        self.assertEqual(len(sms), 1)
        # the template in the patient's language, the branch and the number called
        self.assertTrue(sms.body.startswith("Telephony Branch: "), sms.body)
        self.assertTrue(sms.body.endswith("+74950000001."), sms.body)
        self.assertEqual(sms.dental_account_id, self.sms_account)

    def test_missed_call_sms_off_answered_or_outgoing(self):
        self.uis.missed_call_sms = False
        self._receive(self.uis, self._event(pbx.END, "call-1", answered=False))
        self.uis.missed_call_sms = True
        self._receive(self.uis, self._event(pbx.END, "call-2", answered=True, duration=30))
        self._receive(self.uis, self._event(pbx.END, "call-3", answered=False, direction="out"))
        self.assertFalse(self._sms_to("+79167000001"))

    def test_times_of_a_clock_in_another_zone(self):
        """Mango's times are documented "UTC+3": if they are Moscow's wall time counted as UTC, they run 3 h ahead
        of their receipt, and are read back in UTC (so is a UIS time sent without its offset)."""
        now = fields.Datetime.now()
        ahead = now + timedelta(hours=3)
        call = self._receive(
            self.mango,
            self._event(pbx.END, "tz-1", at=ahead, answer_at=ahead - timedelta(seconds=60), answered=True, duration=60),
        )
        self.assertAlmostEqual(call.end_time, now, delta=timedelta(seconds=5))
        self.assertAlmostEqual(call.answer_time, now - timedelta(seconds=60), delta=timedelta(seconds=5))
        self.assertEqual(call.duration, 60)
        # delivered 20 minutes late (a retry): still the zone's whole hours; a few minutes ahead: left alone
        self.assertEqual(
            pbx.clock_shift([self._event(pbx.END, at=now + timedelta(minutes=160))], now), timedelta(hours=3)
        )
        self.assertEqual(pbx.clock_shift([self._event(pbx.END, at=now + timedelta(minutes=10))], now), timedelta(0))
        self.assertEqual(pbx.clock_shift([self._event(pbx.END, at=now - timedelta(days=2))], now), timedelta(0))

    def test_missing_recording_links_asked_again(self):
        """A Beeline recording link not given when the call ended is asked again by the hourly cron, for the calls
        of the last two days; the one the PBX still does not give stays without a link."""
        Call = self.env["dental.call"]
        now = fields.Datetime.now()

        def call(ref, start):
            return Call.create(
                {"external_id": ref, "account_id": self.beeline.id, "company_id": self.company.id, "start": start,
                 "status": "answered", "recording_ref": f"{ref}/reception@clinic.ru" if ref != "rec-2" else ref}
            )  # fmt: skip

        fresh, unknown, old = call("rec-1", now), call("rec-2", now), call("rec-3", now - timedelta(days=3))
        with self.assertLogs("odoo.addons.dental_telephony", "WARNING"):  # rec-2: Beeline answers 404
            done = Call._cron_recording_links()
        self.assertEqual(done, fresh)
        self.assertEqual(fresh.recording_url, "https://records.example.com/beeline/rec-1.mp3")
        self.assertFalse(unknown.recording_url or old.recording_url)

    def test_status_never_goes_back(self):
        call = self._receive(self.uis, self._event(pbx.END, answered=True, duration=40))
        self._receive(self.uis, self._event(pbx.START), self._event(pbx.ANSWER), self._event(pbx.END, answered=False))
        self.assertEqual((call.status, call.duration, call.missed_sms_sent), ("answered", 40, False))

    def test_lookup_finds_whole_numbers_only_in_the_branch(self):
        Call = self.env["dental.call"]
        self.assertEqual(Call._dental_find_patient("8 (916) 700-00-01", self.company), self.patient)
        self.assertFalse(Call._dental_find_patient("916700000", self.company))  # a fragment is not the number
        self.assertFalse(Call._dental_find_patient("+79167000001", self.other_company))

    def test_staff_edit_the_result_only(self):
        call = self._receive(self.uis, self._event(pbx.START))
        result = self.env.ref("dental_telephony.dental_call_result_booked")
        call.with_user(self.user_registrar).write({"result_id": result.id, "comment": "Booked a check-up"})
        self.assertEqual(call.result_id, result)
        for values in ({"status": "answered"}, {"caller_number": "+70000000000"}, {"duration": 5}):
            with self.assertRaises(UserError):
                call.with_user(self.user_director).write(values)
        self.assertEqual(call.status, "ringing")

    def test_pbx_account_settings(self):
        self.assertIn(f"/dental_telephony/uis/{self.uis.id}?token=", self.uis.webhook_url)
        self.assertTrue(self.mango.webhook_url.endswith(f"/dental_telephony/mango/{self.mango.id}/"))
        with self.assertRaises(ValidationError):
            self.uis.sudo().webhook_token = "short"
        with self.assertRaises(ValidationError):
            self.uis.write({"missed_call_sms": True, "missed_call_template_id": False})

    def test_patient_card_counts_and_lists_the_calls(self):
        self._receive(self.uis, self._event(pbx.START), self._event(pbx.START, "call-2"))
        patient = self.patient.with_user(self.user_registrar)
        self.assertEqual(patient.dental_call_count, 2)
        action = patient.action_view_dental_calls()
        self.assertEqual(len(self.env["dental.call"].with_user(self.user_registrar).search(action["domain"])), 2)
