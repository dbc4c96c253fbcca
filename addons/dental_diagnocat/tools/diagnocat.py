"""Client of the Diagnocat AI X-ray analysis service (see readme/DESCRIPTION.md, "Protocol").

The real Diagnocat API was not available when this was written: the class below speaks a documented
minimal protocol (create a study with its files, read its status and findings, be called back), kept in
this one class so that it can be corrected against the real API without touching the models. A plain
Python class without ORM access: ``dental.diagnocat.study`` builds it from the branch's settings
(``DiagnocatConfig``) and turns its answers (``StudyResult``) into states and imported findings.
The token lives only in the config object and is never logged.
"""

import logging
import time
from dataclasses import dataclass, field

import requests

from odoo.addons.dental_patient.tools.http_retry import RetriesExhausted, request_with_retries

_logger = logging.getLogger(__name__)

# States of a study, as dental.diagnocat.study names them.
UPLOADED = "uploaded"
PROCESSING = "processing"
DONE = "done"
ERROR = "error"


class DiagnocatError(Exception):
    """A call failed. ``retryable``: the service was unreachable or busy (try again on the next run);
    otherwise it refused the request (bad token, bad study) and trying again will not help."""

    def __init__(self, message, retryable=False):
        super().__init__(message)
        self.retryable = retryable


@dataclass
class DiagnocatConfig:
    endpoint: str
    token: str = ""
    timeout: float = 30.0
    max_retries: int = 3
    backoff: float = 1.0  # seconds; doubled after each failed attempt
    name: str = ""  # the branch's name, for logs

    def __repr__(self):  # never print the token, even in a traceback
        return f"DiagnocatConfig({self.name!r}, {self.endpoint!r})"


@dataclass
class StudyResult:
    state: str  # UPLOADED, PROCESSING, DONE or ERROR
    external_id: str = ""
    findings: list = field(default_factory=list)  # rows for dental.xray.import (tooth, condition, ...)
    skipped: list = field(default_factory=list)  # service findings without a condition/diagnosis here
    error: str = ""


class DiagnocatClient:
    """The protocol in one place: paths, JSON shapes, statuses and finding types.

    - ``upload(reference, modality, files, callback_url, callback_token)`` -> StudyResult (UPLOADED or
      PROCESSING with the service's study id): ``POST /studies``;
    - ``fetch(external_id)`` -> StudyResult: ``GET /studies/<id>``;
    - ``parse_study(data)`` -> StudyResult from a study's JSON (a fetch answer or a callback's body).
    """

    # The service's study statuses -> ours.
    STATUSES = {
        "uploaded": UPLOADED,
        "queued": UPLOADED,
        "processing": PROCESSING,
        "done": DONE,
        "completed": DONE,
        "error": ERROR,
        "failed": ERROR,
    }
    # The service's finding types -> (dental.condition code, ICD-10 code), either may be None.
    FINDING_TYPES = {
        "caries": ("caries", "K02.1"),
        "filling": ("filling", None),
        "crown": ("crown", None),
        "implant": ("implant", None),
        "missing": ("missing", "K08.1"),
        "root_canal_filling": ("rct", None),
        "periapical_lesion": (None, "K04.5"),
        "root_remnant": ("root_remnant", None),
        "impacted": ("impacted", None),
        "bone_loss": ("periodontitis", None),
    }

    def __init__(self, config, sleep=time.sleep):
        self.config = config
        self._sleep = sleep
        self.session = requests.Session()

    # ------------------------------------------------------------ calls
    def upload(self, reference, modality, files, callback_url="", callback_token=""):
        """Create a study of ``files`` ([(name, mimetype, base64 text)]).

        The study is created once per ``reference`` (our id): the service answers the existing study
        to a second ``POST`` with the same reference, so a call that timed out may be made again.
        """
        body = {
            "reference": reference,
            "modality": modality,
            "files": [{"name": name, "mimetype": mimetype, "data": data} for name, mimetype, data in files],
        }
        if callback_url:
            body["callback"] = {"url": callback_url, "token": callback_token}
        data = self._json(self._request("POST", "studies", json=body), "upload")
        result = self.parse_study(data)
        if not result.external_id:
            raise DiagnocatError("the service answered no study id")
        return result

    def fetch(self, external_id):
        return self.parse_study(self._json(self._request("GET", f"studies/{external_id}"), "status"))

    # ------------------------------------------------------------ answers
    def parse_study(self, data):
        if not isinstance(data, dict):
            raise DiagnocatError("the service answered no study object")
        state = self.STATUSES.get(str(data.get("status", "")).lower())
        if not state:
            raise DiagnocatError(f"unknown study status {data.get('status')!r}")
        result = StudyResult(state=state, external_id=str(data.get("id") or ""))
        if state == ERROR:
            result.error = str(data.get("error") or "the service could not analyse the study")[:500]
        elif state == DONE:
            findings = data.get("findings")
            if not isinstance(findings, list):
                raise DiagnocatError("a finished study without a list of findings")
            for row in findings:
                finding = self.parse_finding(row)
                if finding:
                    result.findings.append(finding)
                else:
                    result.skipped.append(row)
        return result

    def parse_finding(self, row):
        """A row for ``dental.xray.import`` from one finding of the service, or None when its type has
        no condition or diagnosis here (unknown types are listed on the study, not imported)."""
        if not isinstance(row, dict):
            return None
        condition, diagnosis = self.FINDING_TYPES.get(str(row.get("type", "")).lower(), (None, None))
        if not condition and not diagnosis:
            return None
        finding = {"tooth": row.get("tooth"), "confidence": row.get("probability", 0.0)}
        if condition:
            finding["condition"] = condition
        if diagnosis:
            finding["diagnosis"] = diagnosis
        if row.get("surfaces"):
            finding["surfaces"] = row["surfaces"]
        if row.get("comment"):
            finding["note"] = row["comment"]
        return finding

    # ------------------------------------------------------------ HTTP
    def _url(self, path):
        return self.config.endpoint.rstrip("/") + "/" + path.lstrip("/")

    def _json(self, response, what):
        if response.status_code in (401, 403):
            raise DiagnocatError("the service refused the token (check it in Settings)")
        if response.status_code >= 400:
            raise DiagnocatError(f"{what}: HTTP {response.status_code} {self._reason(response)}".strip())
        try:
            return response.json()
        except ValueError as error:
            raise DiagnocatError(f"{what}: the answer is not JSON") from error

    def _reason(self, response):
        try:
            data = response.json()
        except ValueError:
            return ""
        return str(data.get("error") or "")[:200] if isinstance(data, dict) else ""

    def _request(self, method, path, **kwargs):
        """HTTP call with the branch's timeout; connection errors, timeouts, 429 and 5xx are retried with
        exponential backoff (``Retry-After`` honoured up to 30 s). Raises a retryable DiagnocatError when
        every attempt failed. Logs carry the path and the HTTP status, never the token or the files."""
        headers = {"Authorization": f"Bearer {self.config.token}", "Accept": "application/json"}
        try:
            return request_with_retries(
                self.session,
                method,
                self._url(path),
                timeout=self.config.timeout,
                max_retries=self.config.max_retries,
                backoff=self.config.backoff,
                sleep=self._sleep,
                logger=_logger,
                label=f"Diagnocat {self.config.name}: {method} {path}",
                headers=headers,
                **kwargs,
            )
        except RetriesExhausted as error:
            _logger.warning("Diagnocat %s: %s %s failed: %s", self.config.name, method, path, error.last_error)
            raise DiagnocatError(f"the service did not answer ({error.last_error})", retryable=True) from None
