"""Fixtures for the end-to-end tests: a running Odoo server with the product.

scripts/test.sh starts the server on the test database and exports
DENTAL_E2E_URL and DENTAL_E2E_DB; run by hand, point them at any server
(DENTAL_E2E_LOGIN / DENTAL_E2E_PASSWORD default to admin / admin).
"""

import itertools
import os
import time

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


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("DENTAL_E2E_URL"), os.environ.get("DENTAL_E2E_DB")
    if not (url and db):
        pytest.fail("DENTAL_E2E_URL and DENTAL_E2E_DB must name a running server and its database (scripts/test.sh)")
    for _attempt in range(120):
        try:
            if requests.get(url + "/web/health", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        time.sleep(1)
    else:
        pytest.fail(f"no Odoo server answers at {url}")
    return url, db


@pytest.fixture
def admin(server):
    client = OdooClient(*server)
    client.authenticate(os.environ.get("DENTAL_E2E_LOGIN", "admin"), os.environ.get("DENTAL_E2E_PASSWORD", "admin"))
    return client


@pytest.fixture
def anonymous(server):
    return OdooClient(*server)
