"""A JSON-over-HTTP client of an external service (dental_ru's cloud registers, dental_se's financing provider): the
product's retrying call (http_retry.py) with a timeout, and every failure without an answer to act on mapped to the
adapter's own "unreachable" exception."""

import logging
import time

import requests

from .http_retry import RetriesExhausted, request_with_retries


class JsonHttpClient:
    """Base of an adapter: ``endpoint``, ``timeout``, ``max_retries``, ``backoff`` (doubling), a ``requests`` session.

    A subclass sets ``UNREACHABLE`` (its exception, raised with the reason: "timeout", "HTTP 503", "HTTP 200: not
    JSON"...) and ``LOGGER`` (the retries are logged on it at INFO) and calls :meth:`_request_json`."""

    UNREACHABLE = Exception
    LOGGER = logging.getLogger(__name__)

    def __init__(self, endpoint, *, timeout=30.0, max_retries=2, backoff=1.0):
        self.endpoint = (endpoint or "").rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.session = requests.Session()

    def _request_json(self, method, url, *, label, retry_read_timeout=True, **kwargs):
        """``(status, answer)``: the HTTP status and the JSON object answered. Raises ``UNREACHABLE`` when every
        attempt failed, after a read timeout of a call not retried (``retry_read_timeout=False``: the service may
        have carried it out), or when the answer is not a JSON object. ``label`` names the call in the log (no
        secret)."""
        try:
            response = request_with_retries(
                self.session,
                method,
                url,
                timeout=self.timeout,
                max_retries=self.max_retries,
                backoff=self.backoff,
                sleep=time.sleep,
                logger=self.LOGGER,
                label=label,
                retry_read_timeout=retry_read_timeout,
                **kwargs,
            )
        except RetriesExhausted as error:
            raise self.UNREACHABLE(error.last_error) from error
        except requests.ReadTimeout as error:
            raise self.UNREACHABLE("timeout") from error
        try:
            answer = response.json()
        except ValueError as error:
            raise self.UNREACHABLE(f"HTTP {response.status_code}: not JSON") from error
        if not isinstance(answer, dict):
            raise self.UNREACHABLE(f"HTTP {response.status_code}: unexpected answer")
        return response.status_code, answer
