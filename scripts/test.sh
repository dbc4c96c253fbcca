#!/usr/bin/env bash
# The test command: lint, then every project addon's tests (at_install and
# post_install) in a throwaway database, then the end-to-end tests in tests/
# against a running server. Ends with "N passed, N failed"; exits non-zero on a
# failure, an error, a lint error, or when no test ran.
#
#   scripts/test.sh                 everything
#   TEST_ADDONS="dental_patient" scripts/test.sh   only these addons' tests
#   KEEP_DB=1 scripts/test.sh       keep the test database for inspection
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

phase_start "setup"
"$REPO_DIR/scripts/setup.sh"
phase_end
export PATH="$DENTAL_VENV/bin:$PATH"

RUN_ID="$(date +%Y%m%d_%H%M%S)_$$"
DB="dental_test_$RUN_ID"
LOG_DIR="$DENTAL_HOME/test-logs"
mkdir -p "$LOG_DIR"
ODOO_LOG="$LOG_DIR/odoo_$RUN_ID.log"
SERVER_LOG="$LOG_DIR/server_$RUN_ID.log"
JUNIT="$LOG_DIR/e2e_$RUN_ID.xml"
SERVER_PID=""

# Stop the end-to-end server: SIGTERM, then SIGKILL if it lingers.
stop_server() {
    local pid="$1" i
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 1 20); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
    local rc=$?
    set +e
    if [ -n "$SERVER_PID" ]; then
        stop_server "$SERVER_PID"
    fi
    if [ -z "${KEEP_DB:-}" ]; then
        "$DENTAL_VENV/bin/odoo" db -c "$ODOO_CONF" drop "$DB" >/dev/null 2>&1 || dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    else
        info "kept the test database $DB"
    fi
    exit "$rc"
}
trap cleanup EXIT

# ---------------------------------------------------------------- lint
phase_start "lint (ruff, pylint-odoo)"
lint_failed=0
(cd "$REPO_DIR" && ruff check addons scripts tests && ruff format --check addons scripts tests) || lint_failed=1
mapfile -t addon_dirs < <(project_addons | sed "s|^|$REPO_DIR/addons/|")
(cd "$REPO_DIR" && pylint --rcfile=.pylintrc-mandatory "${addon_dirs[@]}") || lint_failed=1
[ "$lint_failed" -eq 0 ] && info "lint clean" || warn "lint found problems (see above)"
phase_end

# ------------------------------------------------- Odoo tests of our addons
phase_start "install + Odoo tests"
addons="${TEST_ADDONS:-$(project_addons | paste -sd, -)}"
tags="$(echo "$addons" | tr ',' '\n' | sed 's|^|/|' | paste -sd, -)"
# Addons a clinic installs on its own, not through dental_clinic (a country bridge such as dental_se): installed
# beside it when their tests are asked for, so that their tests run.
install="$(printf 'dental_clinic\n%s\n' "$(echo "$addons" | tr ',' '\n' | grep -vxF -f <(clinic_addons))" |
    grep -v '^$' | paste -sd, -)"
info "database $DB, installs $install, tests of: $addons (log: $ODOO_LOG)"
odoo_rc=0
odoo_cmd -d "$DB" --db-filter "^$DB\$" -i "$install" --test-tags "$tags" \
    --http-port "$(free_port)" --max-cron-threads 0 --stop-after-init --log-level info \
    >"$ODOO_LOG" 2>&1 || odoo_rc=$?
# Show what matters: test progress and anything at WARNING or above.
grep -E " (WARNING|ERROR|CRITICAL) | odoo\.addons\.dental_[a-z_]+\.tests[.a-zA-Z_]*: (Starting|=+|FAIL|ERROR)|odoo\.tests\.(stats|result)" \
    "$ODOO_LOG" | cut -c1-400 || true
phase_end

# ---------------------------------------------- end-to-end tests (pytest)
junit_args=()
pytest_rc=0
if compgen -G "$REPO_DIR/tests/test_*.py" >/dev/null; then
    phase_start "end-to-end tests (pytest)"
    port="$(free_port)"
    # exec: $! is the server itself, not a subshell around it
    (exec "$DENTAL_VENV/bin/odoo" -c "$ODOO_CONF" -d "$DB" --db-filter "^$DB\$" --http-port "$port" \
        --max-cron-threads 0 --log-level warn >"$SERVER_LOG" 2>&1) &
    SERVER_PID=$!
    export DENTAL_E2E_URL="http://127.0.0.1:$port" DENTAL_E2E_DB="$DB"
    "$PY" -m pytest "$REPO_DIR/tests" -q -p no:cacheprovider --junitxml="$JUNIT" || pytest_rc=$?
    junit_args=(--junit "$JUNIT" --pytest-rc "$pytest_rc")
    if [ ! -f "$JUNIT" ]; then
        warn "pytest wrote no report (rc $pytest_rc)"
        junit_args=()
        pytest_rc=${pytest_rc:-1}
    fi
    stop_server "$SERVER_PID"
    SERVER_PID=""
    phase_end
fi

# ------------------------------------------------------------------ summary
echo
echo "==================== summary ===================="
phase_report
report="$("$PY" "$REPO_DIR/scripts/parse_test_log.py" --odoo-log "$ODOO_LOG" --odoo-rc "$odoo_rc" "${junit_args[@]}")"
echo "$report" | sed '$d'
read -r passed failed < <(echo "$report" | tail -n 1)
if [ ${#junit_args[@]} -eq 0 ] && [ "$pytest_rc" -ne 0 ]; then
    failed=$((failed + 1))
fi
if [ "$lint_failed" -ne 0 ]; then
    echo "lint: FAILED (counted as 1 failure)"
    failed=$((failed + 1))
fi
if [ "$((passed + failed))" -eq 0 ]; then
    echo "no test ran: counted as 1 failure"
    failed=1
fi
echo "full logs: $LOG_DIR/*_$RUN_ID.*"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
