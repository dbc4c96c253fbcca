"""``scripts/gen_data``: the generator's command line (``scripts/gen_data --size 10k``; see ``generator.py``)."""

import argparse
import time

from . import odoo_env
from .generator import PRESETS, Generator, Spec


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="scripts/gen_data",
        description="Create (or complete) a dental_bench_* database filled with a clinic chain's data.",
    )
    parser.add_argument("--size", choices=sorted(PRESETS), default="10k", help="preset (default 10k)")
    parser.add_argument("--db", help="database name (default dental_bench_<size>)")
    parser.add_argument("--patients", type=int, help="number of patients (overrides the preset)")
    parser.add_argument("--appointments", type=int, help="number of appointments (overrides the preset)")
    parser.add_argument("--years", type=float, help="years of history (overrides the preset)")
    parser.add_argument("--branches", type=int, help="branches (default 3)")
    parser.add_argument("--chairs", type=int, help="chairs in all (default 30: 20 in the first branch)")
    parser.add_argument("--seed", type=int, help="random seed (default 7)")
    parser.add_argument("--today", help="anchor day YYYY-MM-DD (default: today, or the day the database was made)")
    parser.add_argument("--stages", help="comma-separated stages to run (default: all missing ones)")
    parser.add_argument("--drop", action="store_true", help="drop the database first")
    return parser.parse_args(argv)


def spec_from_args(args, stored=None):
    overrides = {
        key: getattr(args, key) for key in ("patients", "appointments", "years", "branches", "chairs", "seed", "today")
    }
    if stored and not args.today:
        overrides["today"] = stored.get("today")
    return Spec.from_preset(args.size, **overrides)


def generate(args, log=print):
    db = args.db or f"dental_bench_{args.size}"
    odoo_env.check_db_name(db)
    odoo_env.boot(db)
    t0 = time.monotonic()
    if args.drop and odoo_env.db_exists(db):
        log(f"dropping {db}")
        odoo_env.drop(db)
    if not odoo_env.db_exists(db):
        odoo_env.install(db, log=log)
    odoo_env.tune(db)
    stored = read_stored_spec(db)
    spec = spec_from_args(args, stored)
    log(f"generating {db}: {spec}")
    generator = Generator(db, spec, log=log)
    generator.run(stages=args.stages.split(",") if args.stages else None)
    log(f"database {db} ready in {time.monotonic() - t0:.0f} s")
    return db


def read_stored_spec(db):
    import json

    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'dental_bench.spec'")
        row = cr.fetchone()
    return json.loads(row[0]) if row else None


if __name__ == "__main__":
    generate(parse_args())
