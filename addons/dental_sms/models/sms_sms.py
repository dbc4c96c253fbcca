import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import gateway as gw

_logger = logging.getLogger(__name__)

RUN_SECONDS = 240  # one run of the queue cron; the cron goes on at once with what is left
MAX_GATEWAY_ATTEMPTS = 3  # runs that found the gateway down before a message is set in error
POLL_DAYS = 3  # delivery statuses are polled for this long after sending
GATEWAY_TO_SMS_STATE = {gw.PENDING: "pending", gw.DELIVERED: "sent", gw.ERROR: "error", gw.CANCELED: "canceled"}
STATE_RANK = {"outgoing": 0, "process": 1, "pending": 2, "sent": 3, "error": 3, "canceled": 3}


class SmsSms(models.Model):
    """SMS of a company with a gateway account (``dental_account_id``) leave through our adapters,
    from the queue cron only; every other SMS keeps Odoo's IAP path.

    Sending, and what a restart in the middle of it leaves (see docs/sms.md):
    1. the cron claims a batch (``FOR UPDATE SKIP LOCKED``), sets it ``process`` and commits;
    2. before each HTTP call it stamps ``dental_inflight_since`` and commits;
    3. after the call it writes the answer (external id, parts, cost or the failure) and commits.
    A message found later in ``process`` without a stamp was never sent: it goes back to the queue.
    One with a stamp and no answer is looked up at the gateway when the gateway can tell
    (SMS-Center finds it by our id), and otherwise set in error for a person to check: never sent
    twice, never silently lost.
    """

    _inherit = "sms.sms"

    failure_type = fields.Selection(
        selection_add=[
            ("sms_invalid_destination", "Invalid Destination"),
            ("sms_not_allowed", "Not Allowed"),
            ("sms_rejected", "Rejected"),
            ("sms_not_delivered", "Not Delivered"),
            ("sms_expired", "Expired"),
        ]
    )
    dental_account_id = fields.Many2one(
        "dental.sms.account", "Gateway Account", index="btree_not_null", readonly=True, ondelete="restrict"
    )
    dental_external_id = fields.Char("External ID", index="btree_not_null", readonly=True, copy=False)
    dental_parts = fields.Integer("Parts", readonly=True, copy=False)
    dental_cost = fields.Float("Cost", readonly=True, copy=False, digits=(16, 4))
    dental_failure_reason = fields.Char("Failure Reason", readonly=True, copy=False)
    dental_inflight_since = fields.Datetime("Sending Since", readonly=True, copy=False)
    dental_attempts = fields.Integer("Gateway Attempts", readonly=True, copy=False)
    # WhatsApp: free text only within 24 hours of the patient's last message, else an approved template
    dental_window_until = fields.Datetime(
        "Free Text Until", readonly=True, copy=False, help="End of the messenger's window for free text."
    )
    dental_template_payload = fields.Text(
        "Template Message",
        readonly=True,
        copy=False,
        help="The approved template (JSON) sent instead of the text when the window is closed at sending.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        todo = [vals for vals in vals_list if "dental_account_id" not in vals]
        if todo and self.env["dental.sms.account"]._dental_has_accounts():
            accounts = {}
            for vals, company in zip(todo, self._dental_companies(todo), strict=True):
                if company not in accounts:
                    accounts[company] = self.env["dental.sms.account"]._dental_account_for_company(company)
                if accounts[company]:
                    vals["dental_account_id"] = accounts[company].id
        for vals in vals_list:
            vals.setdefault("dental_account_id", False)  # cached at creation: _send reads it without a query
        return super().create(vals_list)

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        gateway_sms = self.filtered("dental_account_id")
        native_sms = self - gateway_sms
        result = None
        if native_sms:
            result = super(SmsSms, native_sms)._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )
        if gateway_sms:
            # Never inside the caller's request: the queue cron sends them (sudo: any sender may wake it).
            self.env.ref("dental_sms.ir_cron_dental_sms_queue").sudo()._trigger()
        return result

    def action_set_outgoing(self):
        # a person retries: the gateway gets its full count of attempts again
        self.filtered("dental_attempts").write({"dental_attempts": 0})
        return super().action_set_outgoing()

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _dental_companies(self, vals_list):
        """The company whose account sends each message: the company of the record the message is
        posted on, else the current company."""
        message_ids = {vals["mail_message_id"] for vals in vals_list if vals.get("mail_message_id")}
        # sudo: technical read of the posted-on record's company, to pick the sending account
        messages = self.env["mail.message"].sudo().browse(message_ids)
        by_message = {}
        for model, model_messages in messages.grouped("model").items():
            if not model or model not in self.env or "company_id" not in self.env[model]._fields:
                continue
            records = self.env[model].sudo().browse(model_messages.mapped("res_id")).exists()
            companies = {record.id: record.company_id for record in records}
            for message in model_messages:
                by_message[message.id] = companies.get(message.res_id)
        return [by_message.get(vals.get("mail_message_id")) or self.env.company for vals in vals_list]

    @api.model
    def _dental_accounts_with(self, domain):
        """The active accounts having messages in ``domain``."""
        groups = self._read_group([*domain, ("dental_account_id", "!=", False)], ["dental_account_id"])
        return self.env["dental.sms.account"].union(*(account for (account,) in groups)).filtered("active")

    def _dental_outgoing(self):
        self.ensure_one()
        template = None
        window_open = self.dental_window_until and self.dental_window_until > fields.Datetime.now()
        if self.dental_template_payload and not window_open:
            template = json.loads(self.dental_template_payload)
        return gw.OutgoingMessage(
            str(self.id), self.number or "", self.body or "", self.dental_external_id or "", template=template
        )

    @api.model
    def _dental_process_queue(self):
        """Cron: send the queued messages of every active account, at most its rate."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        self._dental_recover(auto_commit)
        deadline = time.monotonic() + RUN_SECONDS
        done = 0
        for account in self._dental_accounts_with([("state", "=", "outgoing"), ("to_delete", "=", False)]):
            done += self._dental_send_account(account, deadline, auto_commit)
        remaining = self.search_count(
            [
                ("state", "=", "outgoing"),
                ("to_delete", "=", False),
                ("dental_account_id.active", "=", True),
                "|",
                ("dental_hold_until", "=", False),
                ("dental_hold_until", "<=", fields.Datetime.now()),
            ]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _dental_claim(self, account):
        """Take a batch of the account's queue, skipping rows another worker holds."""
        self.flush_model(["state", "to_delete", "dental_account_id", "dental_hold_until"])
        # raw SQL: the ORM has no FOR UPDATE SKIP LOCKED; ids only, then the ORM reads them.
        # Messages held by the quiet hours (models/sms_sms_quiet_hours.py) wait until their window opens.
        self.env.cr.execute(
            SQL(
                """SELECT id FROM sms_sms
                    WHERE dental_account_id = %s AND state = 'outgoing' AND to_delete IS NOT TRUE
                      AND (dental_hold_until IS NULL OR dental_hold_until <= %s)
                    ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                account.id,
                fields.Datetime.now(),
                account.batch_size,
            )
        )
        batch = self.browse([row[0] for row in self.env.cr.fetchall()])
        batch._dental_set_state("process")
        return batch

    @api.model
    def _dental_send_account(self, account, deadline, auto_commit):
        """Send the account's queue until it is empty, the run's time is up or the gateway is down.

        Up to ``account.concurrency`` HTTP calls run at once in threads (plain adapter calls, no ORM);
        this thread paces them at the rate limit, stamps them in flight and writes their answers.
        """
        gateway = account._dental_gateway()
        width = max(1, account.concurrency)
        pacer = _Pacer(account.rate_limit)
        done = 0
        with ThreadPoolExecutor(max_workers=width, thread_name_prefix="dental_sms") as pool:
            while time.monotonic() < deadline:
                batch = self._dental_claim(account)
                if not batch:
                    break
                self._dental_commit(auto_commit)
                for start in range(0, len(batch), width):
                    chunk = batch[start : start + width]
                    if time.monotonic() >= deadline:
                        batch[start:]._dental_set_state("outgoing")  # not sent: back to the queue
                        self._dental_commit(auto_commit)
                        return done
                    chunk_done, down = chunk._dental_send_chunk(gateway, pool, pacer, auto_commit)
                    done += chunk_done
                    if down:
                        batch[start + width :]._dental_set_state("outgoing")
                        self._dental_commit(auto_commit)
                        return done  # the gateway is down: the next run tries again
        return done

    def _dental_send_chunk(self, gateway, pool, pacer, auto_commit):
        """Send these messages in parallel: stamp them in flight and commit, call, write the answers
        and commit. Returns (messages answered, whether the gateway was found down)."""
        no_number = self.filtered(lambda sms: not sms.number)
        no_number._dental_set_state("error", failure_type="sms_number_missing")
        to_send = self - no_number
        to_send.dental_inflight_since = fields.Datetime.now()
        self._dental_commit(auto_commit)
        futures = []
        for sms in to_send:
            pacer.wait()
            futures.append((sms, pool.submit(gateway.send, sms._dental_outgoing())))
        done, down = 0, False
        outcomes = {}
        for sms, future in futures:
            try:
                result = future.result()
            except gw.GatewayError as error:
                sms._dental_gateway_down(str(error))
                down = True
                continue
            done += 1
            if outcome := sms._dental_send_result_values(result, gateway):
                state, failure_type, reason, vals = outcome
                sms.write(vals)
                outcomes.setdefault((state, failure_type, reason), []).append(sms.id)
        # one state change (and its notifications) per outcome, not per message
        for (state, failure_type, reason), ids in outcomes.items():
            self.browse(ids)._dental_set_state(state, failure_type=failure_type, reason=reason)
        self._dental_commit(auto_commit)
        return done, down

    def _dental_send_result_values(self, result, gateway):
        """(state, failure type, reason, values to write) for a gateway's answer to a send, or None
        when the message stays in flight for the recovery to look it up."""
        self.ensure_one()
        vals = {"dental_inflight_since": False, "dental_attempts": self.dental_attempts + 1}
        if result.state == gw.UNKNOWN:
            if gateway.supports_lookup:
                return None
            reason = _("The gateway did not answer in time; it may have sent the message. Check before resending.")
            return "error", gw.GATEWAY_ERROR, reason, vals
        vals.update(dental_external_id=result.external_id or False, dental_parts=result.parts, dental_cost=result.cost)
        if result.state == gw.ERROR:
            _logger.info("SMS %s refused by %s: %s", self.id, self.dental_account_id.name, result.reason)
            return "error", result.failure_type, result.reason, vals
        return GATEWAY_TO_SMS_STATE[result.state], False, False, vals

    def _dental_gateway_down(self, error):
        self.ensure_one()
        attempts = self.dental_attempts + 1
        if attempts >= MAX_GATEWAY_ATTEMPTS:
            reason = _("The gateway could not be reached (%(error)s).", error=error)
            self._dental_set_state(
                "error",
                failure_type=gw.GATEWAY_ERROR,
                reason=reason,
                dental_attempts=attempts,
                dental_inflight_since=False,
            )
        else:
            self.write({"state": "outgoing", "dental_attempts": attempts, "dental_inflight_since": False})

    @api.model
    def _dental_recover(self, auto_commit):
        """Settle the messages a stopped run left in ``process`` (see the class docstring).
        Runs at the start of the queue cron, which Odoo never runs twice at the same time."""
        stuck = self.search([("state", "=", "process"), ("dental_account_id", "!=", False)])
        never_sent = stuck.filtered(lambda sms: not sms.dental_inflight_since)
        never_sent.write({"state": "outgoing"})
        for account, messages in (stuck - never_sent).grouped("dental_account_id").items():
            gateway = account._dental_gateway()
            for sms in messages:
                found = None
                if gateway.supports_lookup:
                    try:
                        found = gateway.lookup(sms._dental_outgoing())
                    except gw.GatewayError:
                        continue  # try again at the next run
                if found and found.state == gw.ABSENT:
                    sms.write({"state": "outgoing", "dental_inflight_since": False})
                elif found and found.state:
                    sms.dental_external_id = found.external_id or sms.dental_external_id
                    sms._dental_apply_status(found)
                    sms.dental_inflight_since = False
                else:
                    reason = _(
                        "Sending was interrupted; the gateway may have sent the message. Check before resending."
                    )
                    sms._dental_set_state(
                        "error", failure_type=gw.GATEWAY_ERROR, reason=reason, dental_inflight_since=False
                    )
                self._dental_commit(auto_commit)
        self._dental_commit(auto_commit)

    @api.model
    def _dental_poll_status(self):
        """Cron: ask the polling gateways what became of the messages they accepted."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        since = fields.Datetime.now() - timedelta(days=POLL_DAYS)
        for account in self._dental_accounts_with([("state", "=", "pending"), ("create_date", ">=", since)]):
            gateway = account._dental_gateway()
            if not gateway.supports_polling:
                continue
            pending = self.search(
                [
                    ("dental_account_id", "=", account.id),
                    ("state", "=", "pending"),
                    ("dental_external_id", "!=", False),
                    ("create_date", ">=", since),
                ],
                limit=1000,
            )
            if not pending:
                continue
            try:
                results = gateway.fetch_status([sms._dental_outgoing() for sms in pending])
            except gw.GatewayError:
                continue
            by_external_id = {sms.dental_external_id: sms for sms in pending}
            for status in results:
                if sms := by_external_id.get(status.external_id):
                    sms._dental_apply_status(status)
            self._dental_commit(auto_commit)

    def _dental_apply_status(self, status):
        """A delivery status from polling or a callback: moves forward only (a late "sent" never
        undoes "delivered")."""
        for sms in self:
            new_state = GATEWAY_TO_SMS_STATE.get(status.state)
            if not new_state or STATE_RANK[new_state] <= STATE_RANK[sms.state]:
                continue  # no news, or a late report of an earlier step; final states stay
            vals = {}
            if status.cost is not None:
                vals["dental_cost"] = status.cost
            if status.parts:
                vals["dental_parts"] = status.parts
            sms._dental_set_state(new_state, failure_type=status.failure_type, reason=status.reason, **vals)

    def _dental_set_state(self, state, failure_type=False, reason=False, **vals):
        """Write the state and pass it to the mail notifications, as the native IAP path does."""
        if not self:
            return
        failure_type = failure_type if state == "error" else False
        self.write({"state": state, "failure_type": failure_type, "dental_failure_reason": reason or False, **vals})
        trackers = self.sms_tracker_id.with_context(sms_skip_msg_notification=True)
        if state == "error" and failure_type in self.DELIVERY_ERRORS:
            # as IAP's delivery reports: bounces, and mailing traces when mass_mailing_sms is installed
            trackers._action_update_from_provider_error(failure_type.removeprefix("sms_"))
        else:
            trackers._action_update_from_sms_state(state, failure_type=failure_type, failure_reason=reason or False)
        self.mail_message_id._notify_message_notification_update()

    def _dental_commit(self, auto_commit):
        if auto_commit:
            # each step must survive a restart (see the class docstring), like sms.sms._process_queue
            self.env.cr.commit()  # pylint: disable=invalid-commit


class _Pacer:
    """Spaces calls ``1 / rate`` seconds apart."""

    def __init__(self, rate):
        self.interval = 1.0 / rate
        self.next_at = time.monotonic()

    def wait(self):
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.next_at = max(self.next_at, time.monotonic()) + self.interval
