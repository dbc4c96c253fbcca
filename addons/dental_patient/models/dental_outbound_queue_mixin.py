import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class DentalOutboundQueueMixin(models.AbstractModel):
    """A queue of documents a cron sends to an external service, one commit per document, safe against restarts
    (dental_ru's fiscal receipts, dental_se's financing registrations).

    1. items a stopped run left in ``sending`` go back to the queue (:meth:`_dental_recover`): they are sent again
       with the same frozen body (the service answers a repeat with what it already has);
    2. the cron claims ``queued`` items (``FOR UPDATE SKIP LOCKED``), freezes their ``request_body``, marks them
       ``sending`` and commits (:meth:`_dental_claim`);
    3. it sends each (:meth:`_dental_send`) and commits; an unreachable service puts the item back in the queue with
       a doubling delay and fails it after a few runs (:meth:`_dental_postpone`).

    The joining model declares the fields ``state`` (with ``queued`` and ``sending``), ``request_body`` (Json),
    ``attempts`` (Integer), ``next_try`` (Datetime), ``error_text`` (Char) and implements :meth:`_dental_send`,
    :meth:`_dental_fail_unreachable` and :meth:`_dental_fail_body`; hooks with defaults: the body
    (:meth:`_dental_queue_body`), what the cron does after sending (:meth:`_dental_queue_after_send`), the logger of
    postponements (``_dental_queue_logger``, none: not logged).
    """

    _name = "dental.outbound.queue.mixin"
    _description = "Outbound Queue"

    _dental_queue_batch_size = 50
    _dental_queue_max_attempts = 5  # cron runs that could not reach the service before the item is set failed
    _dental_queue_logger = None  # the model's logger: postponements are logged on it as warnings
    _dental_queue_label = "Item"  # the item in the log (no secret)

    # ------------------------------------------------------------------ hooks of the joining model
    def _dental_queue_body(self):
        """The request body of one item, frozen at its first claim (a UserError fails the item)."""
        self.ensure_one()
        return self._dental_request_body()

    def _dental_send(self):
        """Send one claimed item and write the answer; an unreachable service: :meth:`_dental_postpone`."""
        raise NotImplementedError

    def _dental_fail_body(self, error):
        """The body of one item could not be built (``error``: the UserError): fail it."""
        raise NotImplementedError

    def _dental_fail_unreachable(self, reason):
        """The service could not be reached for the last allowed time: fail the item with ``reason``."""
        raise NotImplementedError

    @api.model
    def _dental_queue_after_send(self, auto_commit):
        """What the cron does once the queue is empty (polling, cancelling), committing after each item."""

    # ------------------------------------------------------------------ queue
    @api.model
    def _dental_process_queue(self):
        """Cron: send the queued items, then :meth:`_dental_queue_after_send`."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        self._dental_recover()
        self._dental_commit(auto_commit)
        while batch := self._dental_claim():
            for item in batch:
                item._dental_send()
                self._dental_commit(auto_commit)
        self._dental_queue_after_send(auto_commit)

    @api.model
    def _dental_recover(self):
        """Items a stopped run left in ``sending`` go back to the queue with their body (and external id)."""
        self.search([("state", "=", "sending")]).write({"state": "queued", "next_try": False})

    @api.model
    def _dental_claim(self):
        self.flush_model(["state", "next_try"])
        # raw SQL: the ORM has no FOR UPDATE SKIP LOCKED; ids only, then the ORM reads them
        self.env.cr.execute(
            SQL(
                """SELECT id FROM %s
                    WHERE state = 'queued' AND (next_try IS NULL OR next_try <= %s)
                    ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                SQL.identifier(self._table),
                fields.Datetime.now(),
                self._dental_queue_batch_size,
            )
        )
        batch = self.browse([row[0] for row in self.env.cr.fetchall()])
        for item in batch:
            vals = {"state": "sending"}
            if not item.request_body:
                try:
                    vals["request_body"] = item._dental_queue_body()
                except UserError as error:
                    item._dental_fail_body(error)
                    continue
            item.write(vals)
        return batch.filtered(lambda r: r.state == "sending")

    def _dental_postpone(self, reason):
        """Not reached: back to the queue with the same body, later (backoff), failed after a few runs."""
        attempts = self.attempts + 1
        if self._dental_queue_logger:
            self._dental_queue_logger.warning(
                "%s %s not sent (attempt %s): %s", self._dental_queue_label, self.display_name, attempts, reason
            )
        if attempts >= self._dental_queue_max_attempts:
            self._dental_fail_unreachable(reason)
            self.attempts = attempts
            return
        delay = timedelta(minutes=2**attempts)
        self.write(
            {"state": "queued", "attempts": attempts, "next_try": fields.Datetime.now() + delay, "error_text": reason}
        )

    @api.model
    def _dental_commit(self, auto_commit):
        if auto_commit:
            # each item's answer is kept whatever happens to the next one (as dental_sms's queue)
            self.env.cr.commit()  # pylint: disable=invalid-commit
