"""Load test of dental_sms's sending queue (run through scripts/sms_load).

A fake SMS-Center (send.php / status.php, JSON answers) answers every call after ``--latency``
seconds and counts what it receives. The script queues ``--messages`` SMS for a gateway account of
the database's main company, runs the queue in a child process (what the cron runs), kills it with
SIGKILL once the gateway has received ``--kill-at`` messages (a server restart in the middle of a batch), runs it again
until the queue is empty, then checks: every message received by the gateway exactly once, every
message "Sent" in Odoo, the highest number of sends in any second against the rate limit, and the
time taken. Exits 1 when a check fails. The account and the messages are deleted afterwards
(``--keep`` keeps them).
"""

import argparse
import bisect
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_CONF = os.path.join(REPO_DIR, "odoo.conf")
ACCOUNT_NAME = "sms_load fake SMS-Center"


class FakeSmsc:
    """send.php and status.php of SMS-Center, answering after ``latency`` seconds."""

    def __init__(self, latency):
        self.received = Counter()
        self.times = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                try:
                    raw = self.rfile.read(int(self.headers["Content-Length"]))
                except OSError:
                    return  # the sender was killed while sending this request
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                if self.path.endswith("send.php"):
                    with fake.lock:
                        fake.received[form["id"]] += 1
                        fake.times.append(time.monotonic())
                    answer = {"id": int(form["id"]), "cnt": 1, "cost": "1.5", "balance": "1000"}
                else:  # status.php: a message it got is delivered, else unknown (-3)
                    ids = form["id"].split(",")
                    rows = [{"id": i, "status": 1 if fake.received[i] else -3, "err": 0} for i in ids]
                    answer = rows if len(rows) > 1 else rows[0]
                time.sleep(latency)
                body = json.dumps(answer).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    return  # the sender was killed while waiting for this answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/sys/"

    def max_per_second(self):
        times = sorted(self.times)
        return max((bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times)), default=0)


def boot(db):
    os.environ.setdefault("DENTAL_ADDONS", os.path.join(REPO_DIR, "addons"))
    from odoo.tools import config

    config.parse_config(["-c", ODOO_CONF, "-d", db, "--max-cron-threads", "0", "--log-level", "warn"])
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    return Registry(db), lambda cr: api.Environment(cr, SUPERUSER_ID, {})


def child(db):
    """What the cron runs, until the queue is empty."""
    registry, make_env = boot(db)
    while True:
        with registry.cursor() as cr:
            env = make_env(cr)
            env["sms.sms"]._dental_process_queue()
            left = env["sms.sms"].search_count(
                [("state", "in", ("outgoing", "process")), ("dental_account_id.name", "=", ACCOUNT_NAME)]
            )
        if not left:
            return


def prepare(db, args, fake):
    registry, make_env = boot(db)
    with registry.cursor() as cr:
        env = make_env(cr)
        if "dental.sms.account" not in env:
            sys.exit(f"dental_sms is not installed in {db}")
        company = env.ref("base.main_company")
        old = env["dental.sms.account"].search([("company_id", "=", company.id)])
        if old.filtered(lambda a: a.name != ACCOUNT_NAME):
            sys.exit(f"{company.name} already has a gateway account in {db}: use another database")
        env["sms.sms"].search([("dental_account_id", "in", old.ids)]).unlink()
        old.unlink()
        account = env["dental.sms.account"].create(
            {
                "name": ACCOUNT_NAME,
                "company_id": company.id,
                "provider": "smsc",
                "endpoint_url": fake.url,
                "login": "load",
                "password": "load",
                "rate_limit": args.rate,
                "concurrency": args.concurrency,
                "batch_size": args.batch,
                "timeout": 10,
            }
        )
        vals = [
            {"number": f"+7900{i:07d}", "body": f"Load test message {i}", "dental_account_id": account.id}
            for i in range(args.messages)
        ]
        ids = []
        for start in range(0, len(vals), 1000):
            ids += env["sms.sms"].create(vals[start : start + 1000]).ids
    return registry, make_env, account.id, ids


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="dental_sms_load", help="a database with dental_sms installed")
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--latency", type=float, default=0.05, help="the fake gateway's answer time (s)")
    parser.add_argument("--rate", type=float, default=100, help="the account's rate limit (messages/s)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument(
        "--kill-at", type=int, default=3000, help="SIGKILL the sender once the gateway got this many (0: never)"
    )
    parser.add_argument("--budget", type=float, default=300, help="seconds allowed for the whole queue")
    parser.add_argument("--keep", action="store_true", help="keep the account and the messages")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.db)

    fake = FakeSmsc(args.latency)
    print(f"queueing {args.messages} messages in {args.db} (fake gateway at {fake.url})...")
    registry, make_env, account_id, ids = prepare(args.db, args, fake)
    command = [sys.executable, "-P", os.path.abspath(__file__), "--db", args.db, "--child"]
    t0 = time.monotonic()
    runs = 0
    while True:
        runs += 1
        process = subprocess.Popen(command)
        if runs == 1 and args.kill_at:
            while process.poll() is None and sum(fake.received.values()) < args.kill_at:
                time.sleep(0.05)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                print(
                    f"sender killed after {time.monotonic() - t0:.0f} s, the gateway had {sum(fake.received.values())}"
                )
                continue
        process.wait()
        if process.returncode:
            sys.exit(f"the sender exited with {process.returncode}")
        break
    elapsed = time.monotonic() - t0

    with registry.cursor() as cr:
        env = make_env(cr)
        messages = env["sms.sms"].browse(ids)
        states = Counter(messages.mapped("state"))
        if not args.keep:
            messages.unlink()
            env["dental.sms.account"].browse(account_id).unlink()
    expected = {str(i) for i in ids}
    twice = sorted(i for i, n in fake.received.items() if n > 1)
    lost = sorted(expected - set(fake.received))
    peak = fake.max_per_second()
    checks = {
        "every message received once by the gateway": not twice and not lost,
        # delivered: in flight when the sender was killed, found delivered by the recovery's lookup
        "every message sent or delivered in Odoo": states["pending"] + states["sent"] == len(ids),
        f"at most {args.rate:g} sends in any second": peak <= args.rate + 1,
        f"done within {args.budget:.0f} s": elapsed <= args.budget,
    }
    print(f"{len(ids)} messages in {elapsed:.1f} s ({len(ids) / elapsed:.0f}/s) over {runs} sender run(s)")
    print(f"gateway: {sum(fake.received.values())} received, {len(twice)} twice, {len(lost)} never; peak {peak}/s")
    print(f"Odoo states: {dict(states)}")
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
