"""Load test: simulated clinic staff against a bench database served by Odoo in multi-worker mode.

    scripts/load --db dental_bench_10k [--users 50] [--duration 300] [--workers 4] [--faults] [--json FILE]

Registrars search patients, book appointments and take payments on the patients' open invoices at the
cash desk, doctors open cards and charts, Directors open the dashboard, each through JSON-RPC as its own user,
with a short think time. Afterwards the database is checked against what the users did: every booking and
payment the server confirmed exists exactly once (a payment posted, balanced and allocated to its invoice),
no refused one exists, one whose answer was lost (a fault) exists whole and once or not at all, no chair or
doctor is double booked, and every receivable line the payments touched
has the residual its reconciliations give (no lost update under concurrent payments of one invoice). Each
operation's p95 must be within twice its single-user budget (scripts/dental_bench BUDGETS); logging in (each user
at the start, all at once, and again after a fault) is timed apart and reported without a budget. Before the
load, one user alone runs each operation (``--single-user-rounds``, after a warm-up of each worker): its median
and p95 on the same machine at the same hour go into the results beside the run's, with the share of the CPUs the
machine was busy during the run and the share the hypervisor took (steal). ``--faults`` kills an Odoo worker a third of the way through and restarts
PostgreSQL two thirds of the way (needs root; it restarts the whole cluster): the users' next actions must
succeed and nothing half-written may stay. Not part of scripts/test.sh. Exit status 1 when a check fails.
"""

import argparse
import datetime
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from dental_bench.bench import BUDGETS  # noqa: E402 - the budgets of the bench, one source
from dental_bench.cli import cpu_calibration  # noqa: E402 - the machine's speed, as the bench reports it

PASSWORD = "load-test-password"
ROLES = {  # role: (share of the users, groups)
    "registrar": (0.6, "dental_patient.group_registrar"),
    "doctor": (0.3, "dental_patient.group_doctor"),
    "director": (0.1, "dental_patient.group_director"),
}
OP_BUDGET = {"search": "search", "book": "book", "bill": "pay", "card": "card", "dashboard": "reports_month"}


class Rpc:
    def __init__(self, url, db, login):
        self.url, self.session = url, requests.Session()
        answer = self.session.post(
            f"{url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": PASSWORD}},
            timeout=60,
        ).json()
        if not answer.get("result"):
            raise RuntimeError(f"{login} cannot log in: {answer.get('error')}")

    def call(self, model, method, args, **kwargs):
        answer = self.session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={"jsonrpc": "2.0", "params": {"model": model, "method": method, "args": args, "kwargs": kwargs}},
            timeout=120,
        ).json()
        if "error" in answer:
            raise RpcRefused(answer["error"].get("data", {}).get("name", ""), answer["error"].get("message", ""))
        return answer["result"]


class RpcRefused(Exception):
    """The server answered with an error (a UserError/ValidationError is a refusal, not a failure)."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name

    @property
    def refusal(self):
        return self.name.endswith(("UserError", "ValidationError", "AccessError"))


def prepare(db, users):
    """Users of each role in the busiest branch, and the data their actions need (read with SQL)."""
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    cr = conn.cursor()
    company = main_branch(db)
    cr.execute(
        "SELECT id, left(search_name, 3) FROM dental_patient WHERE company_id = %s AND active AND search_name IS NOT NULL"
        " ORDER BY id LIMIT 400",
        [company],
    )
    patients = cr.fetchall()
    cr.execute(
        "SELECT p.id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id"
        " WHERE t.is_dental_service AND t.dental_duration = 20 ORDER BY p.id LIMIT 1"
    )
    service = cr.fetchone()[0]
    cr.execute(
        """
        SELECT s.chair_id, s.employee_id, g.t
          FROM dental_shift s
          CROSS JOIN LATERAL generate_series(s.start, s.stop - interval '20 minutes', interval '20 minutes') g(t)
         WHERE s.company_id = %s AND s.start > now() + interval '1 day'
           AND NOT EXISTS (SELECT 1 FROM calendar_event e WHERE e.chair_id = s.chair_id AND e.active
                              AND e.start < g.t + interval '20 minutes' AND e.stop > g.t)
         ORDER BY random() LIMIT 3000
        """,
        [company],
    )
    slots = cr.fetchall()
    # open invoices of the branch's patients (the cash desk's "Pay an Invoice"): a few hundred, so that
    # registrars sometimes pay the same invoice at the same moment
    cr.execute(
        """
        SELECT m.id, m.dental_patient_id FROM account_move m
         WHERE m.company_id = %s AND m.state = 'posted' AND m.move_type = 'out_invoice'
           AND m.dental_patient_id IS NOT NULL AND m.amount_residual > 0
         ORDER BY m.id DESC LIMIT 300
        """,
        [company],
    )
    invoices = cr.fetchall()
    conn.close()
    if not (patients and slots and invoices):
        raise SystemExit(
            f"{db} has no patients, no future shifts or no open invoices in its main branch:"
            " generate it with scripts/gen_data"
        )
    return {
        "company": company,
        "patients": patients,
        "service": service,
        "slots": slots,
        "invoices": invoices,
        "users": users,
    }


def main_branch(db):
    conn = psycopg2.connect(dbname=db)
    try:
        cr = conn.cursor()
        cr.execute(
            "SELECT company_id FROM dental_chair WHERE active GROUP BY company_id ORDER BY count(*) DESC LIMIT 1"
        )
        return cr.fetchone()[0]
    finally:
        conn.close()


def create_users(url, db, count):
    """Load users per role in the busiest branch (created once, reused), logged in with PASSWORD."""
    company = main_branch(db)
    admin = requests.Session()
    answer = admin.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": "admin", "password": "admin"}},
        timeout=60,
    ).json()
    if not answer.get("result"):
        raise SystemExit("the bench database's administrator (admin/admin) cannot log in")

    def call(model, method, args, **kwargs):
        result = admin.post(
            f"{url}/web/dataset/call_kw/{model}/{method}",
            json={"jsonrpc": "2.0", "params": {"model": model, "method": method, "args": args, "kwargs": kwargs}},
            timeout=120,
        ).json()
        if "error" in result:
            raise SystemExit(f"preparing the users failed: {result['error']}")
        return result["result"]

    users = []
    for role, (share, group) in ROLES.items():
        module, name = group.split(".")
        group_id = call(
            "ir.model.data", "search_read", [[("module", "=", module), ("name", "=", name)]], fields=["res_id"]
        )
        group_id = group_id[0]["res_id"]
        for index in range(max(1, round(count * share))):
            login = f"load_{role}_{index}"
            values = {"company_id": company, "company_ids": [(6, 0, [company])], "groups_id": [(4, group_id)]}
            found = call("res.users", "search", [[("login", "=", login)]])
            if found:
                call("res.users", "write", [found, values])
            else:
                call(
                    "res.users",
                    "create",
                    [{"name": f"Load {role} {index}", "login": login, "password": PASSWORD, **values}],
                )
            users.append((role, login))
    return users


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.errors, self.refusals = {}, {}, {}
        self.booked, self.refused = [], []
        self.paid, self.unpaid = [], []  # (patient, invoice, amount) confirmed / refused
        # lost answers (a worker killed, the database restarted): the write may have been committed before the
        # answer was lost; whole and once if stored, never required to be
        self.doubtful_bookings, self.doubtful_payments = [], []
        self.serial = 0

    def sibling(self):
        """A recorder of its own times and errors sharing this one's writes (checked afterwards with them)."""
        other = Recorder()
        other.lock = self.lock
        for name in ("booked", "refused", "paid", "unpaid", "doubtful_bookings", "doubtful_payments"):
            setattr(other, name, getattr(self, name))
        other.amount = self.amount  # amounts unique over both
        return other

    def amount(self):
        """A payment amount no other payment of the run has: it identifies the payment afterwards."""
        with self.lock:
            self.serial += 1
            return round(10 + self.serial / 100, 2)

    def add(self, op, ms=None, error=None, refusal=False):
        with self.lock:
            if error is not None:
                (self.refusals if refusal else self.errors).setdefault(op, []).append(str(error)[:300])
            else:
                self.times.setdefault(op, []).append(ms)


def log_in(url, db, login, record, rnd, think):
    """The user's session (timed as "login"), or None when the server refused or dropped it."""
    t0 = time.perf_counter()
    try:
        rpc = Rpc(url, db, login)
    except (requests.RequestException, RuntimeError, ValueError) as exc:
        record.add("login", error=exc)
        time.sleep(rnd.uniform(*think))
        return None
    record.add("login", (time.perf_counter() - t0) * 1000)
    return rpc


def user_loop(role, login, url, db, data, clock, record, think, start):
    """The user logs in (up to three tries), waits for every other user to be logged in (``start``, a barrier:
    the 50 logins at once keep the 2 cores busy for seconds, the first users' actions would queue behind the others'
    logins), then, after a first think time, acts until ``clock["until"]``."""
    rnd = random.Random(login)
    rpc = None
    try:
        for _attempt in range(3):
            rpc = log_in(url, db, login, record, rnd, think)
            if rpc:
                break
    finally:
        start.wait()  # whatever happened: a user missing at the barrier would hold every other one forever
    time.sleep(rnd.uniform(0, think[1]))  # staff start at different moments, not all in the same instant
    while time.monotonic() < clock["until"]:
        if rpc is None:
            # logging in (at the start, and again after a fault) is timed apart: it is not the operation's time
            rpc = log_in(url, db, login, record, rnd, think)
            if rpc is None:
                continue
        op = {"registrar": lambda: rnd.choice(["search", "search", "book", "bill"]), "doctor": lambda: "card"}.get(
            role, lambda: "dashboard"
        )()
        if not perform(op, rpc, rnd, data, record):
            rpc = None  # a killed worker or a restarted database: log in again
        time.sleep(rnd.uniform(*think))


def perform(op, rpc, rnd, data, record):
    """One action of a user, timed into ``record``; False when the server's answer was lost."""
    marker = payment = None
    t0 = time.perf_counter()
    try:
        patient, fragment = rnd.choice(data["patients"])
        if op == "search":
            rpc.call(
                "dental.patient",
                "web_search_read",
                [],
                domain=[("search_name", "ilike", fragment)],
                specification={"display_name": {}, "card_number": {}},
                limit=80,
            )
        elif op == "card":
            rpc.call("dental.patient", "web_read", [[patient]], specification={"display_name": {}, "card_number": {}})
            rpc.call("dental.patient", "dental_get_chart", [[patient]])
        elif op == "book":
            chair, doctor, start = rnd.choice(data["slots"])
            marker = f"load-{uuid.uuid4().hex}"
            values = {
                "patient_id": patient,
                "doctor_id": doctor,
                "chair_id": chair,
                "service_ids": [(6, 0, [data["service"]])],
                "start": start.strftime("%Y-%m-%d %H:%M:%S"),
                "stop": (start + datetime.timedelta(minutes=20)).strftime("%Y-%m-%d %H:%M:%S"),
                "duration": 20 / 60,
                "visit_type": "repeat",
                "note": marker,
            }
            saved = rpc.call(
                "calendar.event",
                "web_save",
                [[], values],
                specification={"display_name": {}},
                context={"default_company_id": data["company"]},
            )
            with record.lock:
                record.booked.append((saved[0]["id"], marker))
        elif op == "bill":
            # the cash desk dialog as the web client drives it: save the dialog, then its Confirm button
            invoice, patient = rnd.choice(data["invoices"])
            payment = (patient, invoice, record.amount())
            wizard = rpc.call(
                "dental.payment.wizard",
                "web_save",
                [[], {"mode": "pay", "patient_id": patient, "invoice_id": invoice, "cash_amount": payment[2]}],
                specification={"debt": {}},
            )
            rpc.call("dental.payment.wizard", "action_confirm", [[wizard[0]["id"]]])
            with record.lock:
                record.paid.append(payment)
        else:
            today = datetime.date.today()
            rpc.call("dental.report.dashboard", "get_data", [(today.replace(day=1)).isoformat(), today.isoformat()])
        record.add(op, (time.perf_counter() - t0) * 1000)
    except RpcRefused as exc:
        record.add(op, error=exc, refusal=exc.refusal)
        with record.lock:
            if marker:
                record.refused.append(marker)
            if payment:
                record.unpaid.append(payment)
    except (requests.RequestException, ValueError) as exc:
        record.add(op, error=exc)
        with record.lock:  # no answer: the write may or may not have been committed
            if marker:
                record.doubtful_bookings.append(marker)
            if payment:
                record.doubtful_payments.append(payment)
        return False  # no answer: a killed worker or a restarted database
    return True


def verify_payments(cr, record, since):
    """Each confirmed payment once, posted, balanced and allocated to its invoice; no refused one; the residual of
    every receivable line the run touched is what its reconciliations give."""
    problems = []
    amounts = [amount for __, __, amount in record.paid + record.unpaid + record.doubtful_payments]
    cr.execute(
        """
        SELECT p.amount, p.dental_patient_id, m.state, count(*) OVER (PARTITION BY p.amount),
               (SELECT sum(l.debit) = sum(l.credit) FROM account_move_line l WHERE l.move_id = m.id),
               array(SELECT DISTINCT il.move_id FROM account_move_line pl
                       JOIN account_partial_reconcile pr ON pr.credit_move_id = pl.id
                       JOIN account_move_line il ON il.id = pr.debit_move_id
                      WHERE pl.move_id = m.id)
          FROM account_payment p JOIN account_move m ON m.id = p.move_id
         WHERE p.create_date >= %s AND p.amount = ANY(%s::numeric[])
        """,
        [since, amounts],
    )
    stored = {float(row[0]): row[1:] for row in cr.fetchall()}
    doubtful = {amount for __, __, amount in record.doubtful_payments}
    for patient, invoice, amount in record.paid + record.doubtful_payments:
        row = stored.get(amount)
        if not row:
            if amount not in doubtful:
                problems.append(f"payment {amount} of invoice {invoice} confirmed but not in the database")
            continue
        owner, state, count, balanced, invoices = row
        if count != 1:
            problems.append(f"payment {amount} stored {count} times")
        if owner != patient or state != "posted" or not balanced:
            problems.append(f"payment {amount}: patient {owner}, entry {state}, balanced {balanced}")
        if invoice not in invoices:
            problems.append(f"payment {amount} not allocated to invoice {invoice} (allocated to {invoices})")
    problems += [f"payment {amount} refused but stored" for __, __, amount in record.unpaid if amount in stored]
    cr.execute(
        """
        SELECT count(*) FROM account_payment p LEFT JOIN account_move m ON m.id = p.move_id
         WHERE p.create_date >= %s AND (m.id IS NULL OR m.state != 'posted')
        """,
        [since],
    )
    half = cr.fetchone()[0]
    if half:
        problems.append(f"{half} payments of the run without a posted entry")
    cr.execute(
        """
        WITH touched AS (
            SELECT debit_move_id AS id FROM account_partial_reconcile WHERE create_date >= %(since)s
            UNION SELECT credit_move_id FROM account_partial_reconcile WHERE create_date >= %(since)s
        )
        SELECT l.id, l.amount_residual,
               l.balance - coalesce((SELECT sum(amount) FROM account_partial_reconcile WHERE debit_move_id = l.id), 0)
                         + coalesce((SELECT sum(amount) FROM account_partial_reconcile WHERE credit_move_id = l.id), 0)
          FROM account_move_line l JOIN touched t ON t.id = l.id
        """,
        {"since": since},
    )
    wrong = [(line, stored_residual, residual) for line, stored_residual, residual in cr.fetchall()
             if round(stored_residual - residual, 2)]  # fmt: skip
    if wrong:
        problems.append(f"{len(wrong)} receivable lines whose residual is not their reconciliations', e.g. {wrong[0]}")
    cr.execute(
        """
        SELECT count(*) FROM account_move m
         WHERE m.id IN (SELECT l.move_id FROM account_move_line l JOIN account_partial_reconcile pr
                          ON l.id IN (pr.debit_move_id, pr.credit_move_id) WHERE pr.create_date >= %(since)s)
           AND m.move_type = 'out_invoice'
           AND round(m.amount_residual - (SELECT sum(l.amount_residual) FROM account_move_line l
                                            JOIN account_account a ON a.id = l.account_id
                                           WHERE l.move_id = m.id AND a.account_type = 'asset_receivable'), 2) != 0
        """,
        {"since": since},
    )
    stale = cr.fetchone()[0]
    if stale:
        problems.append(f"{stale} invoices whose amount due is not their receivable lines' residual")
    return problems


def db_now(db):
    conn = psycopg2.connect(dbname=db)
    try:
        cr = conn.cursor()
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        return cr.fetchone()[0]
    finally:
        conn.close()


def verify(db, record, since):
    conn = psycopg2.connect(dbname=db)
    cr = conn.cursor()
    problems = []
    markers = [marker for __, marker in record.booked]
    cr.execute(
        "SELECT note, count(*) FROM calendar_event WHERE note = ANY(%s) GROUP BY note",
        [markers + record.doubtful_bookings],
    )
    found = dict(cr.fetchall())
    problems += [f"booking {m} confirmed but not in the database" for m in markers if m not in found]
    problems += [f"booking {m} stored {n} times" for m, n in found.items() if n != 1]
    if record.refused:
        cr.execute("SELECT note FROM calendar_event WHERE note = ANY(%s)", [record.refused])
        problems += [f"booking {row[0]} refused but stored" for row in cr.fetchall()]
    # a doctor is exclusive where the branch says so (dental_doctor_exclusive): the database's constraints
    for resource, exclusive in (
        ("chair", "TRUE"),
        ("doctor", "a.dental_doctor_exclusive AND b.dental_doctor_exclusive"),
    ):
        cr.execute(
            f"""SELECT count(*) FROM calendar_event a
                  JOIN calendar_event b ON a.id < b.id AND a.{resource}_id = b.{resource}_id
                 WHERE a.active AND b.active AND a.start < b.stop AND b.start < a.stop AND {exclusive}
                   AND a.dental_state NOT IN ('cancelled', 'no_show') AND b.dental_state NOT IN ('cancelled', 'no_show')
                   AND (a.note LIKE 'load-%%' OR b.note LIKE 'load-%%')"""  # two fixed column names
        )
        overlaps = cr.fetchone()[0]
        if overlaps:
            problems.append(f"{overlaps} double bookings of a {resource}")
    problems += verify_payments(cr, record, since)
    conn.close()
    return problems


def single_user(url, db, users, data, record, rounds, warm_up):
    """Each operation ``rounds`` times by one user alone, before the load: the same machine's figures at the same
    hour (a shared virtual machine's speed varies by half within a day). Times of their own; the writes are
    checked with the run's. ``warm_up`` untimed rounds first: each worker's first call of an operation fills its
    caches (up to 0.5 s), which is no operation's time."""
    sessions = {}
    for role, login in users:
        if role not in sessions:
            sessions[role] = log_in(url, db, login, record, random.Random(login), (0, 0))
    ops = {"search": "registrar", "book": "registrar", "bill": "registrar", "card": "doctor", "dashboard": "director"}
    rnd = random.Random("single-user")
    scratch = record.sibling()  # the warm-up's times, not kept
    for op, role in ops.items():
        if sessions.get(role) is None:
            continue
        for index in range(warm_up + rounds):
            perform(op, sessions[role], rnd, data, record if index >= warm_up else scratch)
            time.sleep(0.1)


def cpu_times():
    """(busy, stolen, total) jiffies of the machine's CPUs since boot (Linux), or None."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + values[4]  # idle, iowait
    steal = values[7] if len(values) > 7 else 0
    return sum(values[:8]) - idle - steal, steal, sum(values[:8])


def free_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="dental_bench_10k")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument("--faults", action="store_true", help="kill a worker, then restart PostgreSQL (root)")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument(
        "--server-log-level",
        default="warn",
        help="Odoo's --log-level (info: each request's queries, SQL and Python time in the server log)",
    )
    parser.add_argument(
        "--single-user-rounds",
        type=int,
        default=15,
        help="each operation this many times by one user alone before the load (0: none)",
    )
    args = parser.parse_args(argv)

    calibration = [cpu_calibration()]  # a shared virtual machine's speed varies: compare runs of similar figures
    port = free_port()
    odoo = [
        os.path.join(os.environ["DENTAL_VENV"], "bin", "odoo"), "-c", str(REPO / "odoo.conf"), "-d", args.db,
        f"--db-filter=^{args.db}$", f"--http-port={port}", f"--gevent-port={free_port()}", f"--workers={args.workers}",
        "--max-cron-threads=0", "--limit-time-real=600", "--limit-time-cpu=300", f"--log-level={args.server_log_level}",
    ]  # fmt: skip
    server_log = f"/tmp/load_{args.db}_{time.strftime('%Y%m%d-%H%M%S')}.log"  # one a run: kept to look into
    server = subprocess.Popen(odoo, stdout=subprocess.DEVNULL, stderr=open(server_log, "w"))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(url + "/web/health", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(1)
        else:
            raise SystemExit(f"Odoo did not start: see {server_log}")
        users = create_users(url, args.db, args.users)
        data = prepare(args.db, users)
        record = Recorder()
        since = db_now(args.db)
        alone = record.sibling()
        single_user(url, args.db, users, data, alone, args.single_user_rounds, warm_up=args.workers)
        clock = {}

        def set_clock():  # when every user is logged in: the timed run starts
            clock["started"] = time.monotonic()
            clock["until"] = clock["started"] + args.duration

        start = threading.Barrier(len(users) + 1, action=set_clock)
        threads = [
            threading.Thread(
                target=user_loop,
                args=(role, login, url, args.db, data, clock, record, args.think, start),
                daemon=True,
            )
            for role, login in users
        ]
        for thread in threads:
            thread.start()
        start.wait()
        started = clock["started"]
        cpu_start = cpu_times()
        faults = []
        if args.faults:
            time.sleep(args.duration / 3)
            children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
            if children:
                os.kill(int(children[0]), signal.SIGKILL)
                faults.append(f"worker {children[0]} killed at {time.monotonic() - started:.0f} s")
            time.sleep(args.duration / 3)
            restart = subprocess.run(["pg_ctlcluster", "15", "main", "restart"], capture_output=True, text=True)
            faults.append(f"PostgreSQL restarted at {time.monotonic() - started:.0f} s (rc {restart.returncode})")
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        cpu_end = cpu_times()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    calibration.append(cpu_calibration())
    problems = verify(args.db, record, since)
    report = {"db": args.db, "users": len(users), "workers": args.workers, "seconds": round(elapsed), "faults": faults}
    report["think_s"] = list(args.think)
    report["cpu_calibration_s"] = calibration  # before and after the run (the bench's: 0.17 s on a good day)
    report["server_log"] = server_log
    if cpu_start and cpu_end:  # the machine during the timed run: its cores' use, and the hypervisor's share
        total_jiffies = (cpu_end[2] - cpu_start[2]) or 1
        report["cpu_busy_pct"] = round(100 * (cpu_end[0] - cpu_start[0]) / total_jiffies, 1)
        report["cpu_steal_pct"] = round(100 * (cpu_end[1] - cpu_start[1]) / total_jiffies, 1)
    total = 0
    for op, times in sorted(record.times.items()):
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        budget = BUDGETS[OP_BUDGET[op]] if op in OP_BUDGET else None  # logging in has no budget
        total += len(times) if budget else 0
        report[op] = {
            "count": len(times),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95, 1),
            "budget_ms": budget,
            "errors": len(record.errors.get(op, [])),
            "refusals": len(record.refusals.get(op, [])),
        }
        alone_times = sorted(alone.times.get(op, []))
        if alone_times:  # the same operation by one user alone just before the load
            report[op]["single_user_median_ms"] = round(statistics.median(alone_times), 1)
            report[op]["single_user_p95_ms"] = round(alone_times[int(0.95 * (len(alone_times) - 1))], 1)
        if budget and p95 > 2 * budget:
            problems.append(f"{op}: p95 {p95:.0f} ms over twice its budget ({budget} ms)")
    for op, errors in alone.errors.items():
        problems.append(f"{op}: {len(errors)} errors by one user alone, e.g. {errors[0]}")
    for op, errors in record.errors.items():
        # with faults, the actions in flight at the fault may fail; the next ones must succeed
        allowed = 2 * len(users) if args.faults else 0
        if len(errors) > allowed:
            problems.append(f"{op}: {len(errors)} errors, e.g. {errors[0]}")
    for op, refusals in record.refusals.items():
        report.setdefault(op, {"count": 0})["refusals"] = len(refusals)
        report[op]["refusal_example"] = refusals[0]
    report["throughput_per_s"] = round(total / elapsed, 1) if elapsed else 0
    report["bookings"] = {
        "confirmed": len(record.booked),
        "refused": len(record.refused),
        "answer_lost": len(record.doubtful_bookings),
    }
    report["payments"] = {
        "confirmed": len(record.paid),
        "refused": len(record.unpaid),
        "answer_lost": len(record.doubtful_payments),
    }
    report["problems"] = problems
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
