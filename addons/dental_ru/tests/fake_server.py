"""The fake cloud registers' JSON server (dental_patient's loopback fake), recording requests with their ``Token``;
a subclass answers them (``_answer``)."""

from odoo.addons.dental_patient.tests.fake_http import FakeJsonServer as BaseFakeJsonServer


class FakeJsonServer(BaseFakeJsonServer):
    """``requests``: [{"method", "path", "body", "token"}]; ``_answer(method, path, body, token)`` returns
    ``(status, answer, delay)``: the answer is written after ``delay`` seconds (a register slow to answer)."""

    def _record(self, handler, body):
        return {"method": handler.command, "path": handler.path, "body": body, "token": handler.headers.get("Token")}

    def _respond(self, handler, body):
        return self._answer(handler.command, handler.path, body, handler.headers.get("Token"))

    def _answer(self, method, path, body, token):
        raise NotImplementedError
