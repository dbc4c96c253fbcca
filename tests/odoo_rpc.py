"""The JSON-RPC client of the end-to-end tests: the calls the web client makes."""

import itertools

import pytest
import requests

_ids = itertools.count(1)


class RpcError(Exception):
    """An error answered by the server: `.name` is the Python exception class."""

    def __init__(self, error):
        data = error.get("data", {})
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


class OdooClient:
    """The JSON-RPC calls the web client makes, over one HTTP session."""

    def __init__(self, url, db, timeout=60):
        self.url, self.db, self.timeout = url.rstrip("/"), db, timeout
        self.session = requests.Session()
        self.uid = None

    def _post(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids), "params": params}
        response = self.session.post(self.url + path, json=payload, timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def authenticate(self, login, password):
        result = self._post("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        self.uid = result["uid"]
        return result

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
REFUSALS = (ACCESS_ERROR, USER_ERROR, VALIDATION_ERROR)


def refused(call, *names, what=""):
    """Run ``call()``: the server must refuse it with one of ``names`` (exception classes, any refusal by default).

    Returns the error, whose ``.message`` the caller may check further.
    """
    with pytest.raises(RpcError) as error:
        call()
    assert error.value.name in (names or REFUSALS), f"{what}: {error.value}" if what else error.value
    return error.value


def post_invoice(client, partner, lines, context, **values):
    """Create and post, as ``client``, a customer invoice of ``partner``: ``lines`` are invoice line values (one
    of each, unless they say how many), ``values`` the invoice's own (date, type). Returns its id."""
    move = client.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner,
            **values,
            "invoice_line_ids": [(0, 0, {"quantity": 1, **line}) for line in lines],
        },
        context=context,
    )
    client.call("account.move", "action_post", [move], context=context)
    return move
