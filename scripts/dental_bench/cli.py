"""``scripts/bench``: the benchmark's command line (``scripts/bench --size 10k [--json FILE]``).

Generates the database when missing (``gen_data_cli``), runs ``bench.Bench`` and prints or writes the results.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from odoo.tools import SQL

from . import gen_data_cli, odoo_env
from .bench import Bench, format_header
from .generator import PRESETS


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Measure the budgeted operations (ARCHITECTURE.md, Quality bars) on a generated database.",
    )
    parser.add_argument("--size", choices=sorted(PRESETS), default="10k", help="preset (default 10k)")
    parser.add_argument("--db", help="database (default dental_bench_<size>; generated when missing)")
    parser.add_argument("--runs", type=int, help="measured runs per operation (default 30, 10 for the segment)")
    parser.add_argument(
        "--only",
        help="comma-separated operation keys: card,search,schedule,book,cash,pay,segment,list,dms_registry,dms_approvals,lab,"
        "stock_complete,stock_post,stock_norm,stock_chair,payroll_batch,payroll_earnings,egisz_not_sent,egisz_protocol,"
        "reports_month,reports_year,marketing_year,slots,portal_visits,call_lookup",
    )
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON to FILE")
    parser.add_argument("--no-generate", action="store_true", help="fail instead of generating a missing database")
    parser.add_argument(
        "--nice",
        type=int,
        default=-10,
        help="CPU priority of the bench and its PostgreSQL backends while measuring (default -10, needs root;"
        " 0 leaves it): the machine's other jobs then disturb the measure less",
    )
    parser.add_argument(
        "--check-counts",
        metavar="SMALL",
        nargs="?",
        const="1k",
        choices=sorted(PRESETS),
        help="instead of timing, compare each operation's query count with the SMALL preset's database"
        " (default 1k): fails when an operation runs more queries on the larger one",
    )
    return parser.parse_args(argv)


def machine():
    def run(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            memory = f"{int(meminfo.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    except OSError:
        pass
    return {
        "cpu_calibration_s": cpu_calibration(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def cpu_calibration():
    """Seconds of a fixed pure-Python loop: the machine's speed at the time of the run (a shared virtual
    machine varies by tens of percent over a day; compare runs with similar figures)."""
    t0 = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return round(time.perf_counter() - t0, 3)


def postgres_settings(db):
    """The server's version and the settings the timings depend on."""
    from odoo.modules.registry import Registry

    settings = {}
    with Registry(db).cursor() as cr:
        for name in ("server_version", "shared_buffers", "effective_cache_size", "random_page_cost", "work_mem"):
            cr.execute(SQL("SHOW %s", SQL.identifier(name)))
            settings[name] = cr.fetchone()[0]
    return settings


def data_counts(db):
    from odoo.modules.registry import Registry

    tables = [
        "res_company",
        "dental_chair",
        "hr_employee",
        "dental_shift",
        "dental_patient",
        "calendar_event",
        "dental_chart_finding",
        "sale_order",
        "dental_visit_record",
        "account_move",
        "account_payment",
    ]
    counts = {}
    with Registry(db).cursor() as cr:
        for table in tables:
            cr.execute("SELECT to_regclass(%s)", [table])
            if cr.fetchone()[0]:
                cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
                counts[table] = cr.fetchone()[0]
    return counts


def ensure(db, size, no_generate):
    """Generate ``db`` when missing or incomplete; the seconds it took (None when it was there)."""
    t0 = time.monotonic()
    if odoo_env.db_exists(db) and _complete(db):
        return None
    if no_generate:
        raise SystemExit(f"{db} is missing or incomplete (run scripts/gen_data)")
    gen_data_cli.generate(gen_data_cli.parse_args(["--size", size, "--db", db]))
    return round(time.monotonic() - t0)


def check_counts(args, db):
    """Query counts per operation on two database sizes: an operation must not run more queries on the larger."""
    small_db = f"dental_bench_{args.check_counts}"
    ensure(small_db, args.check_counts, args.no_generate)
    ensure(db, args.size, args.no_generate)
    only = args.only.split(",") if args.only else None
    counts = {}
    for name in (small_db, db):
        # every input once (20 patients, 10 fragments...): the same kinds of records at both sizes
        bench = Bench(name, runs=args.runs or 20, log=lambda line: None, saturate=True)
        counts[name] = {r["operation"]: r for r in bench.run(only=only) if r["status"] != "skipped"}
    print(f"{'operation':<58} {small_db:>20} {db:>20}  result")
    failed = 0
    for operation, big in counts[db].items():
        small = counts[small_db].get(operation)
        if not small:
            continue
        grows = big["queries"] > small["queries"]
        failed += grows
        print(
            f"{operation:<58} {_span(small):>20} {_span(big):>20}  {'FAIL (grows with the data)' if grows else 'pass'}"
        )
    print(f"query counts: {len(counts[db]) - failed} constant, {failed} growing")
    return 1 if failed else 0


def _span(result):
    low, high = result["queries_min"], result["queries"]
    return str(high) if low == high else f"{low}-{high}"


def main(argv=None):
    args = parse_args(argv)
    db = args.db or f"dental_bench_{args.size}"
    odoo_env.check_db_name(db)
    t0 = time.monotonic()
    odoo_env.boot(db)
    if args.check_counts:
        return check_counts(args, db)
    generated = ensure(db, args.size, args.no_generate)
    odoo_env.tune(db)
    bench = Bench(db, runs=args.runs, nice=args.nice or None)
    print(f"database {db}: {json.dumps(bench.spec, ensure_ascii=False)}")
    info = machine()
    info["postgresql_settings"] = settings = postgres_settings(db)
    info["postgresql"] = settings["server_version"]
    print(
        f"machine: {info['nproc']} CPU ({info['cpu']}), {info['memory']}, PostgreSQL {info['postgresql']}"
        f" (shared_buffers {settings['shared_buffers']}, random_page_cost {settings['random_page_cost']},"
        f" work_mem {settings['work_mem']}), load average"
        f" {' '.join(f'{x:.1f}' for x in info['load_average'])}, CPU calibration {info['cpu_calibration_s']} s"
    )
    print(format_header())
    results = bench.run(only=args.only.split(",") if args.only else None)
    info["load_average_after"] = os.getloadavg()
    failed = [r for r in results if r["status"] == "FAIL"]
    skipped = [r for r in results if r["status"] == "skipped"]
    total = round(time.monotonic() - t0)
    measured = [r for r in results if r["status"] != "skipped"]
    budget_misses = [r["operation"] for r in measured if not (r["checks"]["budget"] and r["checks"]["p95"])]
    floor_misses = [r["operation"] for r in measured if not r["checks"]["floor"]]
    print(
        f"{len(results) - len(failed) - len(skipped)} passed, {len(failed)} failed, {len(skipped)} skipped"
        f" (total {total} s{f', generation {generated} s' if generated else ''})"
    )
    print(f"  budget (median, p95 < 2x median): {len(measured) - len(budget_misses)} of {len(measured)} within")
    print(f"  floor (5x or 10 ms of the SQL floor): {len(measured) - len(floor_misses)} of {len(measured)} within")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(
                {
                    "database": db,
                    "spec": bench.spec,
                    "data": data_counts(db),
                    "machine": info,
                    "priority": {"nice": args.nice, "applied": bench.boosted},
                    "generation_seconds": generated,
                    "total_seconds": total,
                    "results": results,
                },
                out,
                indent=2,
                ensure_ascii=False,
                default=str,
            )
    return 1 if failed else 0


def _complete(db):
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        cr.execute("SELECT key FROM ir_config_parameter WHERE key LIKE %s", ["dental_bench.stage.%"])
        done = {key.rsplit(".", 1)[-1] for (key,) in cr.fetchall()}
        cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'dental_cash' AND state = 'installed'")
        needed = {"analyze", "cash"} if cr.fetchone() else {"analyze"}
        cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'dental_stock' AND state = 'installed'")
        if cr.fetchone():
            needed.add("stock")
        return needed <= done


if __name__ == "__main__":
    sys.exit(main())
