import json
from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

from ..tools import pbx
from .common import MANGO_KEY, MANGO_SALT, DentalTelephonyCommon

NUMBER = "+79167000001"
UNKNOWN = "+79035550099"


@tagged("post_install", "-at_install")
class TestPbxWebhooks(DentalTelephonyCommon, HttpCase):
    """Each adapter as its PBX posts to it over HTTP: start, answer, hang-up, missed, recording; refused requests
    store nothing."""

    # ------------------------------------------------------------------ helpers
    def _calls(self):
        return self.env["dental.call"].sudo().search([("company_id", "=", self.company.id)])

    def _post(self, url, data=None, headers=None, status=200):
        response = self.url_open(url, data=data, headers=headers or {})
        self.assertEqual(response.status_code, status, response.text)
        return response

    def _uis(self, status=200, token=None, **payload):
        token = self.uis.sudo().webhook_token if token is None else token
        body = json.dumps(payload) if not isinstance(payload.get("raw"), str) else payload["raw"]
        return self._post(
            f"/dental_telephony/uis/{self.uis.id}?{urlencode({'token': token})}",
            data=body,
            headers={"Content-Type": "application/json"},
            status=status,
        )

    def _mango(self, event, payload, status=200, salt=MANGO_SALT, key=MANGO_KEY):
        body = payload if isinstance(payload, str) else json.dumps(payload)
        form = {"vpbx_api_key": key, "sign": pbx.mango_sign(key, body, salt), "json": body}
        return self._post(f"/dental_telephony/mango/{self.mango.id}/events/{event}", data=form, status=status)

    def _beeline(self, event_type, personality="Terminator", status=200, token=None, times="", number=NUMBER):
        token = self.beeline.sudo().webhook_token if token is None else token
        body = f"""<?xml version="1.0" encoding="UTF-8"?>
<xsi:Event xmlns:xsi="http://schema.broadsoft.com/xsi" xmlns:xsi1="http://www.w3.org/2001/XMLSchema-instance"
           xsi1:type="xsi:SubscriptionEvent">
  <xsi:eventID>0b5e6c2a-1f0e-4c39-9d5b-7e2f0a1d3c44</xsi:eventID>
  <xsi:sequenceNumber>1</xsi:sequenceNumber>
  <xsi:userId>clinic-admin@mpbx.sip.beeline.ru</xsi:userId>
  <xsi:externalApplicationId>dental</xsi:externalApplicationId>
  <xsi:subscriptionId>sub-1</xsi:subscriptionId>
  <xsi:targetId>reception@clinic.ru</xsi:targetId>
  <xsi:eventData xsi1:type="xsi:{event_type}">
    <xsi:call>
      <xsi:callId>callhalf-1:0</xsi:callId>
      <xsi:extTrackingId>beeline-77</xsi:extTrackingId>
      <xsi:personality>{personality}</xsi:personality>
      <xsi:state>Alerting</xsi:state>
      <xsi:remoteParty><xsi:address>tel:{number}</xsi:address><xsi:callType>Network</xsi:callType></xsi:remoteParty>
      {times}
    </xsi:call>
  </xsi:eventData>
</xsi:Event>"""
        return self._post(
            f"/dental_telephony/beeline/{self.beeline.id}",
            data=body.encode(),
            headers={"Content-Type": "application/xml", "Authorization": f"Bearer {token}"},
            status=status,
        )

    def assertNothingStored(self, before):
        self.assertEqual(self._calls(), before)

    def test_oversized_bodies_refused_before_parsing(self):
        """Every PBX route refuses a body over 64 KB with 413 before its form is parsed or its token read."""
        before = self._calls()
        padding = "x" * (70 * 1024)
        with self.assertLogs("odoo.addons.dental_patient.tools.webhook", "WARNING"):
            self._mango("call", {"entry_id": "m-big", "padding": padding}, status=413)
        with self.assertLogs("odoo.addons.dental_patient.tools.webhook", "WARNING"):
            self._uis(status=413, event="call_start", call_session_id="uis-big", padding=padding)
        with self.assertLogs("odoo.addons.dental_patient.tools.webhook", "WARNING"):
            self._post(f"/dental_telephony/beeline/{self.beeline.id}", data=padding.encode(), status=413)
        self.assertNothingStored(before)

    # ------------------------------------------------------------------ UIS
    def test_uis_answered_call_with_recording(self):
        common = {"call_session_id": "uis-1", "contact_phone_number": "79167000001", "direction": "in",
                  "virtual_phone_number": "74950000001"}  # fmt: skip
        self._uis(event="call_start", notification_time="2026-11-20T10:00:00+03:00", **common)
        call = self._calls()
        self.assertEqual((call.status, call.caller_number, call.patient_id), ("ringing", NUMBER, self.patient))
        self.assertEqual(str(call.start), "2026-11-20 07:00:00")
        self._uis(event="call_answer", notification_time="2026-11-20T10:00:15+03:00", employee_id="101", **common)
        self.assertEqual((call.status, call.user_id, call.wait_time), ("in_progress", self.user_registrar, 15))
        self._uis(event="call_end", notification_time="2026-11-20T10:02:15+03:00", talk_time_duration=120, **common)
        self._uis(event="call_record", file_link="https://records.example.com/uis/1.mp3", **common)
        self.assertEqual(self._calls(), call)
        self.assertEqual((call.status, call.duration), ("answered", 120))
        self.assertEqual(call.sudo().recording_url, "https://records.example.com/uis/1.mp3")
        self.assertFalse(call.missed_sms_sent)

    def test_uis_missed_call_sends_one_sms(self):
        common = {"call_session_id": "uis-2", "contact_phone_number": UNKNOWN, "direction": "in"}
        self._uis(event="call_start", **common)
        self._uis(event="call_missed", **common)
        self._uis(event="call_missed", **common)  # the PBX repeats a notification: nothing more
        call = self._calls()
        self.assertEqual((len(call), call.status, call.missed_sms_sent), (1, "missed", True))
        self.assertEqual(len(self._sms_to(UNKNOWN)), 1)

    def test_uis_refuses_bad_token_and_malformed_bodies(self):
        before = self._calls()
        self._uis(status=403, token="not-the-token", event="call_start", call_session_id="x", direction="in")
        self._uis(status=403, token="", event="call_start", call_session_id="x", direction="in")
        self._uis(status=400, raw="{not json")
        self._uis(status=400, event="call_start", direction="in")  # no call id
        self._uis(status=400, event="call_exploded", call_session_id="x")
        self._uis(status=400, event="call_record", call_session_id="x", file_link="javascript:alert(1)")
        self.uis.active = False
        self._uis(status=403, event="call_start", call_session_id="x", direction="in")
        self.assertNothingStored(before)

    # ------------------------------------------------------------------ Mango Office
    def test_mango_answered_call_with_recording(self):
        appeared = {"entry_id": "mango-1", "call_id": "leg-1", "timestamp": 1795766400, "seq": 1,
                    "call_state": "Appeared", "location": "abonent",
                    "from": {"number": "79167000001"}, "to": {"extension": "101", "line_number": "74950000001"}}  # fmt: skip
        self._mango("call", appeared)
        call = self._calls()
        self.assertEqual((call.status, call.direction, call.patient_id), ("ringing", "in", self.patient))
        self._mango("call", dict(appeared, call_state="Connected", timestamp=1795766410, seq=2))
        self.assertEqual((call.status, call.user_id), ("in_progress", self.user_registrar))
        summary = {"entry_id": "mango-1", "call_direction": 1, "from": {"number": "79167000001"},
                   "to": {"extension": "101"}, "line_number": "74950000001", "create_time": 1795766400,
                   "forward_time": 1795766401, "talk_time": 1795766410, "end_time": 1795766500, "entry_result": 1}  # fmt: skip
        self._mango("summary", summary)
        self._mango("summary", summary)
        self.assertEqual((call.status, call.duration, call.wait_time), ("answered", 90, 10))
        recording = {"recording_id": "REC42", "recording_state": "Started", "seq": 1, "entry_id": "mango-1",
                     "call_id": "leg-1", "extension": "101", "timestamp": 1795766410}  # fmt: skip
        self._mango("recording", recording)
        self.assertFalse(call.sudo().recording_ref)
        # a recording shorter than Mango's minimum is not saved (completion_code 4002): nothing to ask for
        self._mango("recording", dict(recording, recording_state="Completed", completion_code=4002, seq=2))
        self.assertFalse(call.sudo().recording_ref)
        completed = dict(recording, recording_state="Completed", seq=2, timestamp=1795766500,
                         completion_code=1000, recipient="Cloud")  # fmt: skip
        self._mango("recording", completed)
        self.assertEqual(self._calls(), call)
        # Mango's link dies once used: the call keeps Odoo's own link, which asks Mango for a fresh one
        link = f"{call.get_base_url()}/dental_telephony/recording/{call.id}"
        self.assertEqual((call.sudo().recording_ref, call.sudo().recording_url), ("REC42", link))
        self.authenticate("tel_director", "tel_director")
        for _attempt in range(2):
            response = self.url_open(f"/dental_telephony/recording/{call.id}", allow_redirects=False)
            self.assertEqual(response.status_code, 303)
            self.assertEqual(response.headers["Location"], "https://records.example.com/mango/REC42.mp3")
        self.authenticate("tel_registrar", "tel_registrar")
        response = self.url_open(f"/dental_telephony/recording/{call.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 404, "registrars do not hear recordings")

    def test_mango_missed_call(self):
        summary = {"entry_id": "mango-2", "call_direction": 1, "from": {"number": UNKNOWN}, "to": {},
                   "line_number": "74950000001", "create_time": 1795766400, "talk_time": 0,
                   "end_time": 1795766430, "entry_result": 0}  # fmt: skip
        self._mango("summary", summary)
        call = self._calls()
        self.assertEqual((call.status, call.caller_number, call.missed_sms_sent), ("missed", UNKNOWN, True))
        self.assertEqual(len(self._sms_to(UNKNOWN)), 1)

    def test_mango_recording_put_in_the_cloud(self):
        """``events/record/added`` (a path with a slash): the recording is in Mango's storage, the call gets its
        link once; ``events/record/tagged`` is acknowledged; a forged one is refused."""
        summary = {"entry_id": "mango-3", "call_direction": 1, "from": {"number": "79167000001"},
                   "to": {"extension": "101"}, "line_number": "74950000001", "create_time": 1795766400,
                   "talk_time": 1795766410, "end_time": 1795766470, "entry_result": 1}  # fmt: skip
        self._mango("summary", summary)
        call = self._calls()
        added = {"entry_id": "mango-3", "product_id": 4711, "user_id": 1001, "recording_id": "REC77",
                 "timestamp": 1795766475}  # fmt: skip
        self._mango("record/added", added, status=403, salt="wrong-salt")
        self.assertFalse(call.sudo().recording_ref)
        self._mango("record/added", {"entry_id": "mango-3"}, status=400)  # no recording id
        for _attempt in range(2):
            self._mango("record/added", added)
        self.assertEqual(self._calls(), call)
        link = f"{call.get_base_url()}/dental_telephony/recording/{call.id}"
        self.assertEqual((call.sudo().recording_ref, call.sudo().recording_url), ("REC77", link))
        self._mango("record/tagged", {"entry_id": "mango-3", "recording_id": "REC77", "user_id": 1001})
        self.assertEqual(self._calls(), call)

    def test_mango_refuses_bad_signature_and_malformed_bodies(self):
        before = self._calls()
        event = {"entry_id": "m", "call_state": "Appeared", "from": {"number": UNKNOWN}, "to": {}}
        self._mango("call", event, status=403, salt="wrong-salt")
        self._mango("call", event, status=403, key="wrong-key")
        self._post(f"/dental_telephony/mango/{self.mango.id}/events/call", data={"json": "{}"}, status=403)
        self._mango("call", "{not json", status=400)
        self._mango("call", {"call_state": "Appeared"}, status=400)  # no entry id
        self._mango("call", dict(event, call_state="Exploded"), status=400)
        self._mango("summary", {"entry_id": "m", "call_direction": 7}, status=400)
        self.assertNothingStored(before)

    def test_unconfigured_accounts_refuse_everything(self):
        """A Mango account without its key and salt refuses a request signed with the empty ones; an empty token
        never opens the UIS or Beeline door."""
        before = self._calls()
        event = {"entry_id": "m", "call_state": "Appeared", "from": {"number": UNKNOWN}, "to": {}}
        self.mango.sudo().write({"api_key": False, "api_secret": False})
        self.env.flush_all()
        with self.assertLogs("odoo.addons.dental_telephony", "WARNING"):
            self._mango("call", event, status=403, salt="", key="")
        with self.assertLogs("odoo.addons.dental_telephony", "WARNING"):
            self._uis(status=403, token="", event="call_start", call_session_id="x", direction="in")
        with self.assertLogs("odoo.addons.dental_telephony", "WARNING"):
            self._beeline("CallReceivedEvent", status=403, token="")
        self.assertNothingStored(before)

    def test_body_over_the_limit_without_a_content_length(self):
        """A valid event padded over 64 KB and sent in chunks (no Content-Length) is refused like one that
        announces its size: nothing stored."""
        before = self._calls()
        event = {"event": "call_start", "call_session_id": "big", "direction": "in", "padding": "x" * 70000}
        body = json.dumps(event).encode()
        url = f"/dental_telephony/uis/{self.uis.id}?{urlencode({'token': self.uis.sudo().webhook_token})}"
        with self.assertLogs("odoo.addons.dental_patient.tools.webhook", "WARNING"):
            response = self._post(url, data=iter([body]), headers={"Content-Type": "application/json"}, status=413)
        self.assertEqual(response.json(), {"ok": False, "error": "too large"})
        self.assertNothingStored(before)

    # ------------------------------------------------------------------ Beeline
    def test_beeline_answered_call_with_recording(self):
        self._beeline("CallReceivedEvent", times="<xsi:startTime>1795766400000</xsi:startTime>")
        call = self._calls()
        self.assertEqual((call.status, call.patient_id, call.external_id), ("ringing", self.patient, "beeline-77"))
        answered = "<xsi:startTime>1795766400000</xsi:startTime><xsi:answerTime>1795766405000</xsi:answerTime>"
        self._beeline("CallAnsweredEvent", times=answered)
        self.assertEqual(call.status, "in_progress")
        self._beeline("CallReleasedEvent", times=answered + "<xsi:releaseTime>1795766465000</xsi:releaseTime>")
        self.assertEqual((call.status, call.duration, call.wait_time), ("answered", 60, 5))
        # asked by extTrackingId and the abonent (the event's target), not as a record id
        self.assertEqual(call.sudo().recording_ref, "beeline-77/reception@clinic.ru")
        self.assertEqual(call.sudo().recording_url, "https://records.example.com/beeline/beeline-77.mp3")

    def test_beeline_missed_call(self):
        times = "<xsi:startTime>1795766400000</xsi:startTime><xsi:releaseTime>1795766430000</xsi:releaseTime>"
        self._beeline("CallReceivedEvent", times=times, number=UNKNOWN)
        self._beeline("CallReleasedEvent", times=times, number=UNKNOWN)
        call = self._calls()
        self.assertEqual((call.status, call.missed_sms_sent, call.lead_id), ("missed", True, self.env["crm.lead"]))
        self.assertFalse(call.sudo().recording_url)
        self.assertEqual(len(self._sms_to(UNKNOWN)), 1)

    def test_beeline_refuses_bad_token_and_malformed_bodies(self):
        before = self._calls()
        self._beeline("CallReceivedEvent", token="wrong-token", status=403)
        self._beeline("CallReceivedEvent", personality="Somebody", status=400)
        url = f"/dental_telephony/beeline/{self.beeline.id}?token={self.beeline.sudo().webhook_token}"
        self._post(url, data=b"not xml at all <", status=400)
        entity = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Event>&e;</Event>'
        self._post(url, data=entity, status=400)
        self._post(url, data=b"x" * (70 * 1024), status=413)
        self.assertNothingStored(before)
