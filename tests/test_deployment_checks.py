"""scripts/check_deployment: the development configuration fails the production checks,
docker-compose.yml's options pass them, and the probe of the running test server finds
its database list refused, and no HTTPS nor hidden manager page: it is the development
server, without the proxy."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PRODUCTION = [
    "--proxy-mode",
    "--workers=5",
    "--max-cron-threads=1",
    "--limit-memory-soft=2147483648",
    "--limit-memory-hard=2684354560",
    "--limit-time-cpu=600",
    "--limit-time-real=1200",
]


def _check(*args):
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "check_deployment.py"), "-c", str(REPO / "odoo.conf"), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_development_configuration_fails():
    run = _check()
    assert run.returncode == 1
    assert "FAIL proxy_mode must be on" in run.stdout
    assert "FAIL workers must be at least 2" in run.stdout
    assert "PASS list_db is off" in run.stdout


def test_compose_options_pass():
    compose = (REPO / "docker-compose.yml").read_text()
    for option in PRODUCTION:
        name = option.split("=")[0]
        assert re.search(rf"- {re.escape(name)}\b", compose), f"docker-compose.yml lost {name}"
    run = _check("--", *PRODUCTION)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().endswith("9 passed, 0 failed")
    run = _check("--", *PRODUCTION, "--workers=0")
    assert run.returncode == 1 and "FAIL workers" in run.stdout


def test_probe_of_the_running_server(server):
    url, _db = server
    run = _check("--url", url, "--", *PRODUCTION)
    assert run.returncode == 1
    assert "PASS the database list is refused" in run.stdout
    # Odoo renders the manager's page even with list_db off (its actions are refused): only
    # the proxy hides it (docker/Caddyfile), so the bare development server fails this check
    assert "FAIL the database manager page is served" in run.stdout
    assert "FAIL the URL must be https://" in run.stdout
    assert "FAIL no Strict-Transport-Security header" in run.stdout
