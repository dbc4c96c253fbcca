"""scripts/backup and scripts/restore on the running test database.

The backup is taken while the server runs (as in a clinic), restored under another
name, and compared with the original: row counts of every table and the bytes of
the stored files. A damaged backup must be refused, leaving nothing behind.
"""

import random
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(*args):
    return subprocess.run([str(REPO / "scripts" / args[0]), *args[1:]], capture_output=True, text=True, timeout=900)


def _filestore(db):
    # the data_dir of the repository's odoo.conf, as the test server uses it
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from odoo.tools import config; config.parse_config(['-c', sys.argv[1]], setup_logging=False);"
               " print(config.filestore(sys.argv[2]))", str(REPO / "odoo.conf"), db],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return Path(out.stdout.strip())


def _query(db, query, params=None):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()
    finally:
        conn.close()


def _drop(db):
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    try:
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{db}"')
    finally:
        conn.close()


@pytest.fixture
def backup_dir(tmp_path):
    yield tmp_path / "backups"
    shutil.rmtree(tmp_path / "backups", ignore_errors=True)


def test_backup_restore_round_trip(server, backup_dir):
    _url, db = server
    copy = f"{db}_restored"
    _drop(copy)
    shutil.rmtree(_filestore(copy), ignore_errors=True)
    run = _run("backup", db, str(backup_dir))
    assert run.returncode == 0, run.stderr
    (folder,) = list(backup_dir.iterdir())
    assert folder.name.startswith(f"{db}_") and not folder.name.endswith(".partial")
    assert {p.name for p in folder.iterdir()} == {"dump.pgc", "filestore", "manifest.json"}
    tables = ["res_partner", "dental_patient", "calendar_event", "account_move", "account_payment", "ir_attachment"]
    before = {t: _query(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    assert before["dental_patient"] > 0 and before["ir_attachment"] > 0
    try:
        run = _run("restore", str(folder), copy)
        assert run.returncode == 0, run.stderr + run.stdout
        after = {t: _query(copy, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
        assert after == before
        # the copy is not the original: a new uuid
        uuid_sql = "SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'"
        assert _query(copy, uuid_sql) != _query(db, uuid_sql)
        # a sample of stored files, byte for byte (the demo's X-rays and photos among them)
        stored = _query(db, "SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL")
        assert stored
        src, dst = _filestore(db), _filestore(copy)
        for (fname,) in random.sample(stored, min(20, len(stored))):
            assert (dst / fname).read_bytes() == (src / fname).read_bytes(), fname
        images = _query(
            db,
            "SELECT a.store_fname FROM dental_image_attachment_rel r JOIN ir_attachment a ON a.id = r.attachment_id"
            " WHERE a.store_fname IS NOT NULL",
        )
        assert images, "the demo has X-rays"
        assert (dst / images[0][0]).read_bytes() == (src / images[0][0]).read_bytes()

        # verify finds a changed file and a changed table
        victim = dst / stored[0][0]
        victim.write_bytes(victim.read_bytes() + b"x")
        conn = psycopg2.connect(dbname=copy)
        with conn, conn.cursor() as cr:
            cr.execute("INSERT INTO ir_logging (create_date, name, type, dbname, level, message, path, func, line)"
                       " VALUES (now(), 'x', 'server', 'x', 'INFO', 'x', 'x', 'x', '1')")  # fmt: skip
        conn.close()
        run = _run("restore", str(folder), copy)
        assert run.returncode != 0 and "already exists" in run.stderr
        check = subprocess.run(
            [sys.executable, str(REPO / "scripts" / "backup_tool.py"), "-c", str(REPO / "odoo.conf"),
             "verify", str(folder), copy],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert check.returncode == 1
        assert f"file {stored[0][0]} differs" in check.stderr
        assert "table ir_logging" in check.stderr
    finally:
        _drop(copy)
        shutil.rmtree(_filestore(copy), ignore_errors=True)


def test_damaged_backup_is_refused_and_leaves_nothing(server, backup_dir):
    _url, db = server
    copy = f"{db}_damaged"
    _drop(copy)
    run = _run("backup", db, str(backup_dir))
    assert run.returncode == 0, run.stderr
    (folder,) = list(backup_dir.iterdir())
    dump = folder / "dump.pgc"
    dump.write_bytes(dump.read_bytes()[:200])
    run = _run("restore", str(folder), copy)
    assert run.returncode == 1
    assert "pg_restore failed" in run.stderr
    assert not _query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (copy,))
    assert not _filestore(copy).exists()
    # a folder that is not a whole backup is refused before anything is created
    (folder / "manifest.json").unlink()
    run = _run("restore", str(folder), copy)
    assert run.returncode == 1 and "not a whole backup" in run.stderr
    assert not _query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (copy,))
