import json
from urllib.parse import urlencode

from odoo.tests import HttpCase, tagged

TOKEN = "t" * 32

TILDA = {"Name": "Сидоров Павел", "Phone": "+7 (916) 555-10-01", "Email": "pavel@example.com",
         "tranid": "3581321:7729901", "formid": "form1", "Comment": "Хочу имплант"}  # fmt: skip
# The shapes of Jivo's documented examples (doc/protocols.md), reduced to the fields that matter here
JIVO = {
    "event_name": "chat_finished",
    "widget_id": "3948",
    "visitor": {"name": "Мария", "email": "", "phone": "+79165551002", "number": "2198", "chats_count": 2},
    "chat_id": 4471,
    "agents": [{"id": "1", "name": "Администратор"}],
    "chat": {
        "messages": [
            {"message": "Болит зуб", "timestamp": 1665396476, "type": "visitor"},
            {"message": "Запишем", "timestamp": 1665396483, "type": "agent", "agent_id": 1},
        ],
        "blacklisted": False,
        "rate": None,
    },
    "plain_messages": "",
    "html_messages": "",
}
JIVO_OFFLINE = {
    "event_name": "offline_message",
    "widget_id": "3948",
    "user_token": None,
    "visitor": {"name": "Олег", "email": "oleg@example.com", "phone": "", "number": "2199", "chats_count": 1},
    "chat_id": 2026,
    "message": "Перезвоните по поводу виниров",
    "offline_message_id": 1665399500726,
}
VK = {
    "type": "message_new",
    "group_id": 1,
    "event_id": "a1b2c3",
    "v": "5.199",
    "secret": TOKEN,
    "object": {
        "message": {"id": 77, "date": 1733500000, "peer_id": 481516, "from_id": 481516, "out": 0,
                    "text": "Сколько стоят брекеты?", "attachments": []},
        "client_info": {"button_actions": ["text"], "keyboard": True, "inline_keyboard": True, "lang_id": 0},
    },
}  # fmt: skip
PRODOCTOROV = {
    "appointment": {"id": "pd-1001", "datetime": "2026-12-10T10:00:00+03:00", "doctor": {"name": "Сергеев А. В."},
                    "service": {"name": "Консультация"}, "comment": "Первичный"},
    "patient": {"name": "Лебедев Артём", "phone": "+79165551003"},
}  # fmt: skip
SBER = {
    "id": "sz-55",
    "slot": {"start": "2026-12-11T12:30:00+03:00"},
    "patient": {"last_name": "Гусева", "first_name": "Анна", "middle_name": "Игоревна", "phone": "+79165551004"},
    "doctor": {"name": "Громов В. П."},
    "service_name": "Консультация ортопеда",
}


@tagged("post_install", "-at_install")
class TestInbound(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env.ref("dental_marketing.crm_team_dental")
        cls.source = cls.env["utm.source"].create({"name": "Inbound test"})
        Channel = cls.env["dental.marketing.channel"]
        cls.channels = {
            kind: Channel.create(
                {
                    "name": kind,
                    "kind": kind,
                    "token": TOKEN,
                    "source_id": cls.source.id,
                    "team_id": cls.team.id,
                    "vk_confirmation": "c0nf1rm",
                }
            )
            for kind in ("tilda", "jivo", "vk", "prodoctorov", "sberzdorovie")
        }

    def _post(self, kind, payload, token=TOKEN, form=False):
        url = f"/dental_marketing/inbound/{self.channels[kind].id}"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if form:
            return self.url_open(url, data=payload, headers=headers)
        headers["Content-Type"] = "application/json"
        return self.url_open(url, data=json.dumps(payload), headers=headers)

    def _leads(self, kind):
        return self.env["crm.lead"].search([("dental_channel_id", "=", self.channels[kind].id)])

    def _check_valid_and_duplicate(self, kind, payload, form=False):
        response = self._post(kind, payload, form=form)
        self.assertEqual(response.status_code, 200, response.text)
        lead = self._leads(kind)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.source_id, self.source)
        self.assertEqual(lead.team_id, self.team)
        self.assertTrue(lead.is_dental_lead)
        again = self._post(kind, payload, form=form)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(self._leads(kind), lead, "a repeated delivery is the same lead")
        return lead

    def _check_malformed(self, kind, payload, reason, form=False):
        with self.assertLogs("odoo.addons.dental_marketing.controllers.main", level="WARNING") as logs:
            response = self._post(kind, payload, form=form)
        self.assertEqual(response.status_code, 400)
        self.assertIn(reason, response.json()["error"])
        self.assertIn(reason, logs.output[0])
        self.assertFalse(self._leads(kind))

    def test_tilda(self):
        self._check_malformed("tilda", {"Name": "X", "Phone": "+79160000000"}, "tranid", form=True)
        self._check_malformed("tilda", {"Name": "X", "tranid": "1:2"}, "neither a phone nor an e-mail", form=True)
        ping = self._post("tilda", {"test": "test"}, form=True)
        self.assertEqual((ping.status_code, ping.text), (200, "ok"), "Tilda waits for a plain 'ok'")
        lead = self._check_valid_and_duplicate("tilda", TILDA, form=True)
        self.assertEqual(lead.contact_name, "Сидоров Павел")
        self.assertEqual(lead.email_from, "pavel@example.com")
        self.assertIn("Хочу имплант", lead.description)

    def test_jivo(self):
        self._check_malformed("jivo", {"event_name": "chat_finished", "chat_id": 1}, "'visitor' must be an object")
        ignored = self._post("jivo", {"event_name": "chat_accepted", "chat_id": 3})
        self.assertEqual(ignored.status_code, 200)
        self.assertEqual(ignored.json()["result"], "ok", "Jivo reads anything but result 'ok' as an error")
        self.assertFalse(self._leads("jivo"))
        # a chat whose visitor left no phone nor e-mail: nobody to call back, acknowledged (not an error for Jivo)
        anonymous = dict(JIVO, chat_id=4472, visitor={"name": "Гость", "email": "", "phone": "", "chats_count": 1})
        response = self._post("jivo", anonymous)
        self.assertEqual((response.status_code, response.json()["result"]), (200, "ok"))
        self.assertFalse(self._leads("jivo"))
        lead = self._check_valid_and_duplicate("jivo", JIVO)
        self.assertIn("Болит зуб", lead.description)
        self.assertNotIn("Запишем", lead.description)
        response = self._post("jivo", JIVO_OFFLINE)
        self.assertEqual((response.status_code, response.json()["result"]), (200, "ok"))
        offline = self._leads("jivo") - lead
        self.assertEqual(offline.email_from, "oleg@example.com")
        self.assertIn("виниров", offline.description)

    def test_vk_confirmation_and_message(self):
        # VK cannot send a header: its secret key in the body authenticates the request
        url = f"/dental_marketing/inbound/{self.channels['vk'].id}"
        headers = {"Content-Type": "application/json"}
        confirm = self.url_open(url, data=json.dumps({"type": "confirmation", "group_id": 1, "secret": TOKEN}),
                                headers=headers)  # fmt: skip
        self.assertEqual((confirm.status_code, confirm.text), (200, "c0nf1rm"))
        response = self.url_open(url, data=json.dumps(VK), headers=headers)
        self.assertEqual((response.status_code, response.text), (200, "ok"))
        self.url_open(url, data=json.dumps(VK), headers=headers)
        lead = self._leads("vk")
        self.assertEqual(len(lead), 1)
        self.assertIn("брекеты", lead.description)
        with self.assertLogs("odoo.addons.dental_marketing.controllers.main", level="WARNING"):
            wrong = self.url_open(url, data=json.dumps(dict(VK, secret="x" * 32, event_id="other")), headers=headers)
        self.assertEqual(wrong.status_code, 403)
        # API versions before 5.103 send the message itself as the object
        old = dict(VK, event_id="e-old", v="5.92", object={"id": 78, "from_id": 481517, "text": "Есть запись?"})
        self.assertEqual(self.url_open(url, data=json.dumps(old), headers=headers).text, "ok")
        self.assertEqual(len(self._leads("vk")), 2)
        self.assertIn("Есть запись?", (self._leads("vk") - lead).description)
        bad = dict(VK, event_id="e2", object={"message": {"from_id": "abc"}})
        with self.assertLogs("odoo.addons.dental_marketing.controllers.main", level="WARNING"):
            self.assertEqual(self.url_open(url, data=json.dumps(bad), headers=headers).status_code, 400)
        self.assertEqual(len(self._leads("vk")), 2)

    def test_prodoctorov(self):
        self._check_malformed("prodoctorov", {"appointment": {"id": "1"}, "patient": {"phone": "+79160000000"}},
                              "no booking time")  # fmt: skip
        self._check_malformed("prodoctorov", {"patient": {}}, "'appointment' must be an object")
        lead = self._check_valid_and_duplicate("prodoctorov", PRODOCTOROV)
        self.assertEqual(lead.type, "opportunity")
        self.assertIn("2026-12-10T10:00:00+03:00", lead.description)

    def test_sberzdorovie(self):
        self._check_malformed("sberzdorovie", "not an object", "JSON object")
        lead = self._check_valid_and_duplicate("sberzdorovie", SBER)
        self.assertEqual(lead.contact_name, "Гусева Анна Игоревна")

    def test_wrong_token_and_unknown_channel(self):
        for token in ("wrong-token", None):
            with self.assertLogs("odoo.addons.dental_marketing.controllers.main", level="WARNING"):
                response = self._post("jivo", JIVO, token=token)
            self.assertEqual(response.status_code, 403)
        with self.assertLogs("odoo.addons.dental_marketing.controllers.main", level="WARNING"):
            response = self.url_open(
                "/dental_marketing/inbound/999999", data="{}", headers={"Authorization": f"Bearer {TOKEN}"}
            )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._leads("jivo"))

    def test_body_over_the_limit(self):
        """A request over 256 KB, announced by its Content-Length or sent without one (chunked), JSON or a form,
        is refused with 413 before its token or body is read: no lead."""
        padding = "x" * (300 * 1024)
        json_headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        form_headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-www-form-urlencoded"}
        posts = {
            "jivo": (json.dumps(dict(JIVO, padding=padding)).encode(), json_headers),
            "vk": (json.dumps(dict(VK, padding=padding)).encode(), {"Content-Type": "application/json"}),
            "tilda": (urlencode(dict(TILDA, padding=padding)).encode(), form_headers),
        }
        for kind, (body, headers) in posts.items():
            url = f"/dental_marketing/inbound/{self.channels[kind].id}"
            for chunked in (False, True):
                with (
                    self.subTest(kind, chunked=chunked),
                    self.assertLogs("odoo.addons.dental_patient.tools.webhook", "WARNING"),
                ):
                    response = self.url_open(url, data=iter([body]) if chunked else body, headers=headers)
                    self.assertEqual(response.status_code, 413)
            self.assertFalse(self._leads(kind))
