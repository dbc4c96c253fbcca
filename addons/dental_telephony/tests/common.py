import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

from odoo.tests import TransactionCase

from odoo.addons.dental_patient.tests.common import add_role_users
from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import pbx

MANGO_KEY = "mango-api-key"
MANGO_SALT = "mango-api-salt"
BEELINE_TOKEN = "beeline-api-token"
UIS_CALL_KEY = "uis-call-api-key"


class FakePbxApi(BaseHTTPRequestHandler):
    """The PBX's API on 127.0.0.1: Mango's recording link (a redirect, the request signed like Mango's),
    Beeline's record reference by extTrackingId and abonent and its event subscriptions (with its API token).
    Anything else: 404.

    ``subscriptions``: Beeline's live subscriptions {id: the body of their PUT}; ``subscription_status``: the
    status a PUT answers (200 gives a new id)."""

    subscriptions = {}
    subscription_status = 200
    subscription_count = 0

    def log_message(self, *args):
        pass

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/apis/portal/subscription":
            return self._answer(404)
        if self.headers.get("X-MPBX-API-AUTH-TOKEN") != BEELINE_TOKEN:
            return self._answer(401)
        cls = type(self)
        if cls.subscription_status != 200:
            return self._answer(cls.subscription_status, b'{"errorCode": "InternalError"}')
        cls.subscription_count += 1
        ref = f"sub-{cls.subscription_count}"
        cls.subscriptions[ref] = body
        answer = json.dumps({"subscriptionId": ref, "expires": body.get("expires")}).encode()
        return self._answer(200, answer, [("Content-Type", "application/json")])

    def do_DELETE(self):
        url = urlparse(self.path)
        if url.path != "/apis/portal/subscription":
            return self._answer(404)
        if self.headers.get("X-MPBX-API-AUTH-TOKEN") != BEELINE_TOKEN:
            return self._answer(401)
        ref = parse_qs(url.query).get("subscriptionId", [""])[0]
        return self._answer(200 if type(self).subscriptions.pop(ref, None) else 404)

    def _answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        url = urlparse(self.path)
        if url.path == "/callapi/v4.0":
            return self._uis_call_api(json.loads(raw))
        if url.path.startswith("/apis/portal/abonents/") and url.path.endswith("/call"):
            return self._beeline_call(unquote(url.path.split("/")[4]), parse_qs(url.query))
        form = {key: values[0] for key, values in parse_qs(raw).items()}
        if url.path not in ("/vpbx/queries/recording/post/", "/vpbx/commands/callback"):
            return self._answer(404)
        try:
            payload = pbx.mango_check(form, MANGO_KEY, MANGO_SALT)
        except pbx.PbxError:
            return self._answer(403)
        if url.path == "/vpbx/commands/callback":
            return self._mango_callback(payload)
        location = f"https://records.example.com/mango/{payload['recording_id']}.mp3"
        return self._answer(302, headers=[("Location", location)])

    # calls placed from Odoo: {"provider", "from", "to", ...}; an extension "busy" is refused
    placed = []

    def _json(self, status, answer):
        return self._answer(status, json.dumps(answer).encode(), [("Content-Type", "application/json")])

    def _mango_callback(self, payload):
        extension = payload.get("from", {}).get("extension")
        if extension == "busy" or not payload.get("command_id"):
            return self._json(200, {"result": 3100})  # Mango's refusal codes are not 1000
        type(self).placed.append(
            {"provider": "mango", "from": extension, "to": payload.get("to_number"), "line": payload.get("line_number")}
        )
        return self._json(200, {"result": 1000})

    def _uis_call_api(self, request):
        params = request.get("params", {})
        if request.get("method") != "start.employee_call" or params.get("access_token") != UIS_CALL_KEY:
            error = {"code": -32001, "message": "Access token is invalid", "data": {"mnemonic": "access_token_invalid"}}
            return self._json(200, {"jsonrpc": "2.0", "id": request.get("id"), "error": error})
        type(self).placed.append(
            {"provider": "uis", "from": params["employee"]["id"], "to": params["contact"],
             "line": params["virtual_phone_number"], "first_call": params["first_call"]}
        )  # fmt: skip
        result = {"data": {"call_session_id": 73622361}, "metadata": {}}
        return self._json(200, {"jsonrpc": "2.0", "id": request.get("id"), "result": result})

    def _beeline_call(self, abonent, query):
        if self.headers.get("X-MPBX-API-AUTH-TOKEN") != BEELINE_TOKEN:
            return self._answer(401)
        if abonent == "busy":
            return self._json(400, {"errorCode": "AbonentNotFound", "description": "no such abonent"})
        type(self).placed.append({"provider": "beeline", "from": abonent, "to": query.get("phoneNumber", [""])[0]})
        return self._json(200, "bl-call-1")

    def do_GET(self):
        path = urlparse(self.path).path
        if self.headers.get("X-MPBX-API-AUTH-TOKEN") != BEELINE_TOKEN:
            return self._answer(401)
        # v2/records/<extTrackingId>/<abonent userId>/reference (a record id alone is another route)
        parts = path.removeprefix("/apis/portal/v2/records/").split("/")
        if not path.startswith("/apis/portal/v2/records/") or len(parts) != 3 or parts[2] != "reference":
            return self._answer(404)
        record, user = parts[0], unquote(parts[1])
        if user != "reception@clinic.ru":
            return self._answer(404)
        body = json.dumps({"url": f"https://records.example.com/beeline/{record}.mp3"}).encode()
        return self._answer(200, body, [("Content-Type", "application/json")])


class DentalTelephonyCommon(TransactionCase):
    """A branch with its role users, a patient with a mobile, an account of each PBX and an SMS gateway (its
    messages stay queued), the fake PBX API on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakePbxApi)
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.api_base = f"http://127.0.0.1:{cls.server.server_port}"

        main = cls.env.company
        cls.company = cls.env["res.company"].create(
            {"name": "Telephony Branch", "parent_id": main.id, "country_id": cls.env.ref("base.ru").id}
        )
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, lang="en_US", allowed_company_ids=[cls.company.id])
        )
        cls.company = cls.env["res.company"].browse(cls.company.id)
        groups = {
            "registrar": "dental_patient.group_registrar",
            "assistant": "dental_patient.group_assistant",
            "doctor": "dental_patient.group_doctor",
            "coordinator": "dental_patient.group_coordinator",
            "director": "dental_patient.group_director",
        }
        add_role_users(cls, groups, "tel", "Tel")
        cls.user_registrar.dental_pbx_extension = "101"
        # the front desk of another branch: never told of this branch's calls
        cls.other_company = cls.env["res.company"].create({"name": "Other Branch", "parent_id": main.id})
        cls.user_other_registrar = mail_new_test_user(
            cls.env,
            login="tel_other_registrar",
            groups="dental_patient.group_registrar",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.patient = cls.env["dental.patient"].create(
            {
                "last_name": "Zvonkova",
                "first_name": "Irina",
                "mobile": "+7 916 700-00-01",
                "company_id": cls.company.id,
                "category_id": [(0, 0, {"name": "VIP caller"})],
            }
        )
        Account = cls.env["dental.pbx.account"]
        common = {"company_id": cls.company.id, "missed_call_sms": True}
        cls.uis = Account.create({"name": "UIS", "provider": "uis", **common})
        cls.mango = Account.create(
            {
                "name": "Mango",
                "provider": "mango",
                "api_key": MANGO_KEY,
                "api_secret": MANGO_SALT,
                "endpoint_url": f"{cls.api_base}/vpbx/",
                **common,
            }
        )
        cls.beeline = Account.create(
            {
                "name": "Beeline",
                "provider": "beeline",
                "api_secret": BEELINE_TOKEN,
                "endpoint_url": f"{cls.api_base}/apis/portal/",
                **common,
            }
        )
        cls.sms_account = cls.env["dental.sms.account"].create(
            {
                "name": "Test gateway",
                "company_id": cls.company.id,
                "provider": "smsc",
                "endpoint_url": "http://127.0.0.1:9/sys/",
                "login": "clinic",
                "password": "s3cret-pass",
            }
        )

    @classmethod
    def _event(cls, kind, external_id="call-1", **values):
        values.setdefault("direction", "in")
        values.setdefault("caller", "89167000001")
        values.setdefault("called", "+74950000001")
        return pbx.CallEvent(external_id=external_id, kind=kind, **values)

    def _sms_to(self, number):
        return self.env["sms.sms"].sudo().search([("number", "in", [number, number.replace(" ", "")])])

    def _bus_rows(self, call):
        """The incoming-call notifications of ``call``: {partner id} told."""
        self.env.cr.precommit.run()
        told = set()
        for row in self.env["bus.bus"].sudo().search([]):
            message = json.loads(row.message)
            if message["type"] == "dental_telephony.incoming_call" and message["payload"]["call_id"] == call.id:
                channel = json.loads(row.channel)
                self.assertEqual(channel[1], "res.partner")
                told.add(channel[2])
        return told
