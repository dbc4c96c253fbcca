"""One HTTP call to an external service with retries and exponential backoff, for every adapter of the product
(SMS gateways, Diagnocat, later telephony, ЕГИСЗ, insurers): each adapter keeps its own errors and messages."""

import requests

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class RetriesExhausted(Exception):
    """Every attempt failed; ``last_error`` says how the last one did ("timeout", "HTTP 503", an exception name)."""

    def __init__(self, last_error, attempts):
        super().__init__(last_error)
        self.last_error = last_error
        self.attempts = attempts


def request_with_retries(
    session,
    method,
    url,
    *,
    timeout,
    max_retries,
    backoff,
    sleep,
    logger,
    label,
    retry_read_timeout=True,
    retry_status=RETRY_STATUS,
    **kwargs,
):
    """``session.request`` retried on connection errors, timeouts, 429 and 5xx answers, with a delay doubling from
    ``backoff`` (a ``Retry-After`` of seconds honoured up to 30 s). Returns the first other answer.

    ``retry_read_timeout=False``: a read timeout is raised at once (``requests.ReadTimeout``), for calls the service
    may have carried out without answering (sending a message). Each retry is logged at INFO on ``logger`` with
    ``label`` (which must carry no secret); raises ``RetriesExhausted`` when every attempt failed. ``retry_status``:
    the HTTP statuses retried (a SOAP 1.1 service answers its faults with 500: not a reason to retry).
    """
    attempts = 1 + max(0, max_retries)
    delay = backoff
    last_error = ""
    for attempt in range(1, attempts + 1):
        try:
            response = session.request(method, url, timeout=timeout, **kwargs)
        except requests.ReadTimeout:
            if not retry_read_timeout:
                raise
            last_error = "timeout"
        except requests.RequestException as error:
            last_error = type(error).__name__
        else:
            if response.status_code not in retry_status:
                return response
            last_error = f"HTTP {response.status_code}"
            retry_after = response.headers.get("Retry-After", "")
            if retry_after.isdigit():
                delay = max(delay, min(float(retry_after), 30.0))
        if attempt < attempts:
            logger.info("%s answered %s, retry %s of %s", label, last_error, attempt, attempts - 1)
            sleep(delay)
            delay *= 2
    raise RetriesExhausted(last_error, attempts)
