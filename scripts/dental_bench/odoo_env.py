"""Boot Odoo in-process on a benchmark database, create it when missing; bulk-load helpers, the web client's view
specifications and the branches' time zone (every module of the package may import this one: it imports none)."""

import io
import logging
import os
import subprocess
import time
from contextlib import contextmanager
from datetime import timedelta

import psycopg2
from lxml import etree
from psycopg2 import sql

from odoo.tools import SQL

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ODOO_CONF = os.path.join(REPO_DIR, "odoo.conf")
DB_PREFIX = "dental_bench_"
TZ = "Europe/Moscow"  # the branches' time zone
UTC_OFFSET = timedelta(hours=3)  # Moscow has no DST since 2014

_logger = logging.getLogger("dental_bench")


def check_db_name(db):
    if not db.startswith(DB_PREFIX):
        raise SystemExit(f"refusing database {db!r}: benchmark databases are named {DB_PREFIX}*")


def odoo_bin():
    venv = os.environ.get("DENTAL_VENV") or os.path.join(
        os.environ.get("DENTAL_HOME") or os.path.expanduser("~/.local/share/dental-clinic"), "venv"
    )
    return os.path.join(venv, "bin", "odoo")


def db_exists(db):
    from odoo.sql_db import connection_info_for

    __, info = connection_info_for("postgres")
    with psycopg2.connect(**info) as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        return bool(cr.fetchone())


@contextmanager
def audit_trail_off(registry):
    """Generate history without writing its audit trail (auditlog's rules and dental_audit's write mixin both
    log through ``auditlog.rule.create_logs``): a log row per generated record would make the generation of the
    reference size take hours. Only this process is patched, for the duration of the block; the database's rules
    stay subscribed, so the benchmarks measure every operation with its trail."""
    if "auditlog.rule" not in registry:
        yield
        return
    model_class = registry["auditlog.rule"]
    patched = "create_logs" in vars(model_class)
    original = vars(model_class).get("create_logs")
    model_class.create_logs = lambda self, *args, **kwargs: None
    try:
        yield
    finally:
        if patched:
            model_class.create_logs = original
        else:
            del model_class.create_logs


def drop(db):
    """Drop benchmark database ``db`` and its filestore (Odoo's own drop is refused: odoo.conf sets list_db off)."""
    import shutil

    from odoo.sql_db import close_db, connection_info_for
    from odoo.tools import config

    check_db_name(db)
    close_db(db)
    __, info = connection_info_for("postgres")
    conn = psycopg2.connect(**info)
    try:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
    except psycopg2.errors.ObjectInUse as error:
        raise SystemExit(f"cannot drop {db}: it is in use (stop the servers and benchmarks using it)") from error
    finally:
        conn.close()
    shutil.rmtree(config.filestore(db), ignore_errors=True)


# PostgreSQL planner settings of a clinic's database on SSD storage (docs/production.md): random reads cost
# little more than sequential ones, and a report's sorts and hashes stay in memory. Set on every benchmark
# database (ALTER DATABASE: its new connections), so the measures are those of the recommended server.
PLANNER_SETTINGS = {"random_page_cost": "1.1", "work_mem": "32MB"}


def tune(db):
    """Give ``db`` the recommended planner settings (``PLANNER_SETTINGS``) for its new connections."""
    from odoo.sql_db import close_db, connection_info_for

    check_db_name(db)
    __, info = connection_info_for("postgres")
    conn = psycopg2.connect(**info)
    try:
        conn.autocommit = True
        with conn.cursor() as cr:
            for name, value in PLANNER_SETTINGS.items():
                cr.execute(
                    sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                        sql.Identifier(db), sql.Identifier(name), sql.Literal(value)
                    )
                )
    finally:
        conn.close()
    close_db(db)  # the pooled connections predate the settings


def boot(db, log_level="warn"):
    """Configure Odoo for ``db`` (the project's odoo.conf) without starting a server."""
    import odoo
    from odoo.tools import config

    config.parse_config(
        ["-c", ODOO_CONF, "-d", db, "--db-filter", f"^{db}$", "--max-cron-threads", "0", "--log-level", log_level],
        setup_logging=True,
    )
    return odoo


def install(db, modules="dental_clinic", log=print):
    """Create ``db`` with ``modules`` installed without demo data (``odoo -i``, a separate process)."""
    t0 = time.monotonic()
    cmd = [
        odoo_bin(),
        "-c",
        ODOO_CONF,
        "-d",
        db,
        "--db-filter",
        f"^{db}$",
        "-i",
        modules,
        "--without-demo=all",
        "--stop-after-init",
        "--no-http",
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
    ]
    log(f"installing {modules} in {db} (no demo data)...")
    subprocess.run(cmd, check=True)
    log(f"installed in {time.monotonic() - t0:.0f} s")


def registry(db):
    from odoo.modules.registry import Registry

    return Registry(db)


@contextmanager
def environment(db, uid=None, context=None):
    """An ``odoo.api.Environment`` on a new cursor, committed on success."""
    from odoo import SUPERUSER_ID, api

    reg = registry(db)
    with reg.cursor() as cr:
        yield api.Environment(cr, uid or SUPERUSER_ID, context or {})


# ---------------------------------------------------------------- bulk loading


def reserve_ids(cr, table, count):
    """Take ``count`` consecutive ids from the table's sequence (single writer: the generator)."""
    if not count:
        return 0
    cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + count - 1])
    return first


def _copy_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in ``columns`` order) into ``table``; None is NULL."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_copy_value(v) for v in row))
        buffer.write("\n")
        count += 1
    if not count:
        return 0
    buffer.seek(0)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    cr._obj.copy_expert(statement, buffer)  # psycopg2's COPY: composed with psycopg2.sql
    return count


def orm_prototype(env, model, vals):
    """Column values of a record created through the ORM with ``vals`` (rolled back).

    Bulk loads copy the columns the ORM fills by default, so bulk rows look like ORM ones.
    """
    Model = env[model]
    cr = env.cr
    cr.execute("SAVEPOINT dental_bench_proto")
    try:
        record = Model.create(vals)
        record.flush_recordset()
        cr.execute(SQL("SELECT * FROM %s WHERE id = %s", SQL.identifier(Model._table), record.id))
        columns = [d[0] for d in cr.description]
        row = dict(zip(columns, cr.fetchone()))
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT dental_bench_proto")
        env.invalidate_all()
    return row


# ---------------------------------------------------------------- view specifications


def view_spec(env, model, view_type, view_ref=None):
    """The ``specification`` the web client builds from a view (fields, many2one names, x2many lists)."""
    views = (
        env[model]
        .with_context(**({f"{view_type}_view_ref": view_ref} if view_ref else {}))
        .get_views([(False, view_type)])
    )
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = _arch_spec(env, arch, model, views["models"], form=view_type == "form")
    if view_type == "form":
        spec.setdefault("display_name", {})
    return spec


def _field_nodes(node):
    for child in node:
        if child.tag == "field":
            yield child
        elif isinstance(child.tag, str):
            yield from _field_nodes(child)


# Fields a widget adds to the record's specification (its ``fieldDependencies`` in the web client's code).
WIDGET_DEPENDENCIES = {
    # mail's KanbanActivity (static/src/views/web/fields/kanban_activity/kanban_activity.js)
    "kanban_activity": {
        "activity_exception_decoration": "selection",
        "activity_exception_icon": "char",
        "activity_state": "selection",
        "activity_summary": "char",
        "activity_type_icon": "char",
        "activity_type_id": "many2one",
    },
}


def _arch_spec(env, arch, model, models, form=True):
    """``form``: an x2many field without a sub-view reads its comodel's list (the form loads it); in a list or a
    kanban, it reads the ids only (``getFieldsSpec`` of web's relational model: no related fields), unless its
    widget names some (tags: their names)."""
    spec = {}
    fields = models.get(model, {}).get("fields") or env[model].fields_get()
    for node in _field_nodes(arch):
        name = node.get("name")
        field = fields.get(name)
        if not field:
            continue
        ftype = field["type"]
        if ftype in ("many2one", "reference"):
            spec[name] = {"fields": {"display_name": {}}}
        elif ftype in ("one2many", "many2many"):
            comodel = field["relation"]
            sub = next((c for c in node if c.tag in ("list", "kanban")), None)
            widget = node.get("widget") or ""
            if sub is not None:
                spec[name] = {
                    "fields": _arch_spec(env, sub, comodel, models, form=False),
                    "limit": int(sub.get("limit", 40)),
                }
            elif widget.startswith("many2many_tags") or widget in ("many2many_checkboxes",):
                sub_fields = {"display_name": {}}
                if "color_field" in (node.get("options") or ""):
                    sub_fields["color"] = {}
                spec[name] = {"fields": sub_fields}
            elif form:
                spec[name] = {"fields": view_spec(env, comodel, "list"), "limit": 40}
            else:
                spec[name] = {}
        else:
            spec[name] = {}
        for dependency, dtype in WIDGET_DEPENDENCIES.get(node.get("widget") or "", {}).items():
            if dependency in env[model]._fields:
                spec.setdefault(dependency, {"fields": {"display_name": {}}} if dtype == "many2one" else {})
    return spec


# ---------------------------------------------------------------- the operations
