"""Consistent backups of a clinic database and its filestore, and their restore.

Called by ``scripts/backup`` and ``scripts/restore`` (see their headers); needs the
``odoo`` package only to read the configuration (database connection and data_dir).

A backup is a folder ``<dest>/<db>_<YYYYmmdd_HHMMSS>/`` holding:

- ``dump.pgc``: ``pg_dump --format=custom`` of the database;
- ``filestore/``: the files the dump's attachments point to (same relative paths);
- ``manifest.json``: when, which Odoo and modules, the row count of every table and
  the SHA-1 of every file, all read in the dump's own snapshot.

Consistency: one REPEATABLE READ transaction exports its snapshot; ``pg_dump`` runs in
that snapshot and the list of attachment files is read in it too, so the dump and
the files describe the same instant while the clinic keeps working. Odoo only ever
adds files to the filestore; it removes unreferenced ones in its daily garbage
collection, so a file the snapshot references can vanish only if its attachment was
deleted after the snapshot *and* collected before the copy: the backup then fails
naming the file instead of keeping a hole (run backups away from the autovacuum cron).

The backup is written under a ``.partial`` name and renamed when complete: a folder
without that suffix is always a whole backup. Restore refuses an existing database,
verifies every row count and every file checksum against the manifest, and drops what
it created when anything fails.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import uuid

import psycopg2
from psycopg2 import sql

FORMAT = "dental-backup/1"


class BackupError(Exception):
    pass


def _odoo_config(conf, data_dir=None):
    from odoo.tools import config

    args = ["-c", conf] if conf else []
    if data_dir:
        args.append(f"--data-dir={data_dir}")
    config.parse_config(args, setup_logging=False)
    return config


def _pg_params(config, dbname):
    params = {"dbname": dbname}
    for key, option in (("host", "db_host"), ("port", "db_port"), ("user", "db_user"), ("password", "db_password")):
        if config.get(option):
            params[key] = str(config[option])
    return params


def _pg_env(config):
    env = dict(os.environ)
    for var, option in (
        ("PGHOST", "db_host"),
        ("PGPORT", "db_port"),
        ("PGUSER", "db_user"),
        ("PGPASSWORD", "db_password"),
    ):
        if config.get(option):
            env[var] = str(config[option])
    return env


def _sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _table_counts(cr):
    cr.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"
    )
    counts = {}
    for (table,) in cr.fetchall():
        cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cr.fetchone()[0]
    return counts


def backup(config, db, dest_root, keep=None, log=print):
    filestore = config.filestore(db)
    stamp = datetime.datetime.now().strftime("%Y%m%d_%H%M%S")
    final = os.path.join(dest_root, f"{db}_{stamp}")
    partial = final + ".partial"
    if os.path.exists(final) or os.path.exists(partial):
        raise BackupError(f"{final} already exists: wait a second and run again")
    os.makedirs(os.path.join(partial, "filestore"))
    try:
        conn = psycopg2.connect(**_pg_params(config, db))
        try:
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            cr = conn.cursor()
            cr.execute("SELECT pg_export_snapshot()")
            snapshot = cr.fetchone()[0]
            # the dump runs in the snapshot this transaction holds open
            dump = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                 "--file", os.path.join(partial, "dump.pgc"), db],
                env=_pg_env(config), capture_output=True, text=True, check=False,
            )  # fmt: skip
            if dump.returncode:
                raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
            cr.execute("SELECT name, latest_version FROM ir_module_module WHERE state = 'installed'")
            modules = dict(cr.fetchall())
            counts = _table_counts(cr)
            cr.execute(
                "SELECT store_fname, max(checksum) FROM ir_attachment "
                "WHERE store_fname IS NOT NULL GROUP BY store_fname ORDER BY store_fname"
            )
            files = cr.fetchall()
            cr.execute("SHOW server_version")
            pg_version = cr.fetchone()[0]
        finally:
            conn.close()
        checksums, missing = {}, []
        for fname, checksum in files:
            src = os.path.realpath(os.path.join(filestore, fname))
            if not src.startswith(os.path.realpath(filestore) + os.sep):
                raise BackupError(f"attachment path {fname!r} leaves the filestore")
            if not os.path.isfile(src):
                missing.append(fname)
                continue
            dst = os.path.join(partial, "filestore", fname)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
            checksums[fname] = _sha1(dst)
            if checksum and checksums[fname] != checksum:
                raise BackupError(f"file {fname} does not match its attachment's checksum (changed on disk?)")
        if missing:
            shown = ", ".join(missing[:10])
            raise BackupError(f"{len(missing)} attachment file(s) missing from {filestore}: {shown}")
        import odoo.release

        manifest = {
            "format": FORMAT,
            "db_name": db,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "odoo_version": odoo.release.version,
            "pg_version": pg_version,
            "modules": modules,
            "table_counts": counts,
            "files": checksums,
        }
        with open(os.path.join(partial, "manifest.json"), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=1, sort_keys=True)
        os.rename(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    log(f"backup of {db}: {final} ({len(counts)} tables, {len(checksums)} files)")
    if keep:
        _prune(dest_root, db, keep, log)
    return final


def _prune(dest_root, db, keep, log):
    """Keep the ``keep`` newest whole backups of ``db`` in ``dest_root``."""
    prefix = f"{db}_"
    mine = sorted(
        name
        for name in os.listdir(dest_root)
        if name.startswith(prefix)
        and not name.endswith(".partial")
        and name[len(prefix) :].replace("_", "").isdigit()
        and os.path.isfile(os.path.join(dest_root, name, "manifest.json"))
    )
    for name in mine[:-keep]:
        shutil.rmtree(os.path.join(dest_root, name))
        log(f"removed the old backup {name}")


def _load_manifest(folder):
    path = os.path.join(folder, "manifest.json")
    if not os.path.isfile(path) or not os.path.isfile(os.path.join(folder, "dump.pgc")):
        raise BackupError(f"{folder} is not a whole backup (manifest.json and dump.pgc expected)")
    with open(path, encoding="utf-8") as fh:
        manifest = json.load(fh)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: unknown backup format {manifest.get('format')!r}")
    return manifest


def verify(config, db, manifest, sample=None, log=print):
    """Compare a database and its filestore with a backup's manifest; return the problems."""
    problems = []
    conn = psycopg2.connect(**_pg_params(config, db))
    try:
        cr = conn.cursor()
        counts = _table_counts(cr)
    finally:
        conn.close()
    for table, expected in manifest["table_counts"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, the backup had {expected}")
    filestore = config.filestore(db)
    names = sorted(manifest["files"])
    if sample is not None and sample < len(names):
        names = random.sample(names, sample)
    for fname in names:
        path = os.path.join(filestore, fname)
        if not os.path.isfile(path):
            problems.append(f"file {fname} is missing")
        elif _sha1(path) != manifest["files"][fname]:
            problems.append(f"file {fname} differs from the backup")
    log(f"verified {db}: {len(manifest['table_counts'])} tables, {len(names)} files, {len(problems)} problem(s)")
    return problems


def restore(config, folder, db, move=False, neutralize=False, log=print):
    manifest = _load_manifest(folder)
    admin = psycopg2.connect(**_pg_params(config, "postgres"))
    admin.autocommit = True
    filestore = config.filestore(db)
    created = False
    try:
        acr = admin.cursor()
        acr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        if acr.fetchone():
            raise BackupError(f"the database {db} already exists: restore under another name or drop it first")
        if os.path.exists(filestore) and os.listdir(filestore):
            raise BackupError(f"{filestore} already holds files: move it away first")
        # as Odoo creates its databases (odoo.service.db._create_empty_database)
        acr.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'unicode' LC_COLLATE 'C' TEMPLATE template0").format(
                sql.Identifier(db)
            )
        )
        created = True
        run = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", db, os.path.join(folder, "dump.pgc")],
            env=_pg_env(config), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode:
            raise BackupError(f"pg_restore failed: {run.stderr.strip()}")
        src_root = os.path.join(folder, "filestore")
        for fname in manifest["files"]:
            dst = os.path.join(filestore, fname)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(os.path.join(src_root, fname), dst)
        if not move:
            # a copy must not pass for the original (Odoo's restore "copy": new uuid and secret)
            conn = psycopg2.connect(**_pg_params(config, db))
            try:
                with conn, conn.cursor() as cr:
                    for key, value in (("database.uuid", str(uuid.uuid1())), ("database.secret", str(uuid.uuid4()))):
                        cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = %s", (value, key))
            finally:
                conn.close()
        # the copy's ids must still be what the manifest counted: verify before any change
        problems = verify(config, db, manifest, log=log)
        if problems:
            raise BackupError("the restored database does not match the backup:\n  " + "\n  ".join(problems[:20]))
        if neutralize:
            run = subprocess.run(
                [sys.executable, "-m", "odoo", "neutralize", "-c", config.rcfile, "-d", db],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if run.returncode:
                raise BackupError(f"neutralizing {db} failed: {run.stderr.strip()[-2000:]}")
    except BaseException:
        if created:
            admin.cursor().execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
            shutil.rmtree(filestore, ignore_errors=True)
        raise
    finally:
        admin.close()
    log(f"restored {folder} as {db}")
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", "-c", help="odoo.conf to read the database connection and data_dir from")
    parser.add_argument("--data-dir", help="Odoo's data_dir (filestore) when the configuration does not name it")
    sub = parser.add_subparsers(dest="command", required=True)
    p_backup = sub.add_parser("backup", help="back up a database and its filestore")
    p_backup.add_argument("db")
    p_backup.add_argument("dest", help="folder receiving <db>_<date>/")
    p_backup.add_argument("--keep", type=int, help="keep only this many newest backups of the database")
    p_restore = sub.add_parser("restore", help="restore a backup folder as a new database")
    p_restore.add_argument("folder")
    p_restore.add_argument("db")
    p_restore.add_argument("--move", action="store_true", help="keep the database's uuid (replacing the original)")
    p_restore.add_argument("--neutralize", action="store_true", help="disable mail servers, crons and the like")
    p_verify = sub.add_parser("verify", help="compare a database with a backup's manifest")
    p_verify.add_argument("folder")
    p_verify.add_argument("db")
    p_verify.add_argument("--sample", type=int, help="check only this many random files")
    args = parser.parse_args(argv)
    if args.command == "backup" and args.keep is not None and args.keep < 1:
        parser.error("--keep must be at least 1")
    config = _odoo_config(args.config, args.data_dir)
    try:
        if args.command == "backup":
            os.makedirs(args.dest, exist_ok=True)
            backup(config, args.db, args.dest, keep=args.keep)
        elif args.command == "restore":
            restore(config, args.folder, args.db, move=args.move, neutralize=args.neutralize)
        else:
            problems = verify(config, args.db, _load_manifest(args.folder), sample=args.sample)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1 if problems else 0
    except (BackupError, psycopg2.Error, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
