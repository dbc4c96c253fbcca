"""The checks a production deployment must pass (docs/production.md, "Deployment checks").

    scripts/check_deployment [--url https://clinic.example.ru] [-c odoo.conf] [-- odoo options...]

The configuration is read exactly as the server reads it: the config file plus the
command-line options it is started with (give docker-compose.yml's after ``--``).
With ``--url``, the running server is probed from outside: HTTPS, HSTS, the database
manager and the database list refused. Prints one line per check and exits 1 when
any check fails.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

MIN_SECRET = 16


def config_checks(config):
    """``(ok, message)`` for each setting production needs; ``config`` is odoo.tools.config."""
    checks = []

    def check(ok, good, bad):
        checks.append((bool(ok), good if ok else bad))

    check(not config["list_db"], "list_db is off", "list_db must be False (the web client lists and manages databases)")
    dbfilter = config["dbfilter"] or ""
    check(
        dbfilter not in ("", ".*", "^.*$"),
        f"dbfilter names the database ({dbfilter})",
        "dbfilter must name the clinic's database (e.g. ^clinic$)",
    )
    admin = config["admin_passwd"] or ""
    check(
        admin == "" or (admin != "admin" and len(admin) >= MIN_SECRET),
        "the master password is empty (manager off) or long",
        f"admin_passwd must be empty (manager disabled) or at least {MIN_SECRET} characters, never 'admin'",
    )
    check(config["proxy_mode"], "proxy_mode is on", "proxy_mode must be on behind the TLS proxy")
    workers = int(config["workers"] or 0)
    check(workers >= 2, f"{workers} workers", "workers must be at least 2 (0 is the development server)")
    soft, hard = int(config["limit_memory_soft"] or 0), int(config["limit_memory_hard"] or 0)
    check(
        0 < soft < hard,
        "memory limits set (soft below hard)",
        "limit_memory_soft and limit_memory_hard must be set, soft below hard",
    )
    cpu, real = int(config["limit_time_cpu"] or 0), int(config["limit_time_real"] or 0)
    check(0 < cpu <= real, "time limits set", "limit_time_cpu and limit_time_real must be set, cpu not above real")
    check(
        int(config["max_cron_threads"] or 0) >= 1,
        "crons run (reminders, SMS queue, closings)",
        "max_cron_threads must be at least 1: reminders and queues run from crons",
    )
    rcfile = config.rcfile
    check(
        not (config["db_password"] and rcfile and os.path.isfile(rcfile) and os.stat(rcfile).st_mode & 0o077),
        "no secret in a file others can read",
        f"{rcfile} holds db_password and others can read it: chmod 600",
    )
    return checks


def url_checks(url, timeout=10):
    checks = []
    url = url.rstrip("/")
    checks.append(
        (url.startswith("https://"), "served over HTTPS" if url.startswith("https://") else "the URL must be https://")
    )
    try:
        with urllib.request.urlopen(url + "/web/login", timeout=timeout) as resp:
            hsts = resp.headers.get("Strict-Transport-Security")
            checks.append((bool(hsts), "HSTS header sent" if hsts else "no Strict-Transport-Security header"))
    except (urllib.error.URLError, OSError) as exc:
        checks.append((False, f"{url}/web/login does not answer: {exc}"))
        return checks
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}).encode()
    request = urllib.request.Request(
        url + "/web/database/list", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            answer = json.loads(resp.read() or b"{}")
        listed = "result" in answer
    except urllib.error.HTTPError:
        listed = False
    checks.append((not listed, "the database list is refused" if not listed else "the server lists its databases"))
    try:
        with urllib.request.urlopen(url + "/web/database/manager", timeout=timeout) as resp:
            page = resp.read().decode("utf-8", "replace")
        manager = "master_pwd" in page or "Master Password" in page
    except urllib.error.HTTPError:
        manager = False
    checks.append(
        (not manager, "the database manager is not offered" if not manager else "the database manager page is served")
    )
    return checks


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    odoo_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, odoo_args = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", help="the server's odoo.conf")
    parser.add_argument("--url", help="probe the running server at this address")
    args = parser.parse_args(argv)
    from odoo.tools import config

    config.parse_config((["-c", args.config] if args.config else []) + odoo_args, setup_logging=False)
    checks = config_checks(config)
    if args.url:
        checks += url_checks(args.url)
    for ok, message in checks:
        print(("PASS " if ok else "FAIL ") + message)
    failed = sum(not ok for ok, _message in checks)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
