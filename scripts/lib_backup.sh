# shellcheck shell=bash
# What scripts/backup and scripts/restore share. Sourced after lib.sh, never run.

# The Python that can import odoo: the project's virtualenv, else the system's (the docker image).
backup_python() {
    if [ -n "${DENTAL_BACKUP_PYTHON:-}" ]; then
        echo "$DENTAL_BACKUP_PYTHON"
    elif [ -x "$PY" ]; then
        echo "$PY"
    elif python3 -c 'import odoo' >/dev/null 2>&1; then
        echo python3
    else
        die "no Python with Odoo found: run scripts/setup.sh, or set DENTAL_BACKUP_PYTHON"
    fi
}

backup_tool() {
    local py extra=()
    py="$(backup_python)"
    command -v pg_dump >/dev/null || die "pg_dump and pg_restore are needed (Debian: postgresql-client)"
    [ -n "${DENTAL_DATA_DIR:-}" ] && extra+=(--data-dir "$DENTAL_DATA_DIR")
    "$py" "$REPO_DIR/scripts/backup_tool.py" -c "${DENTAL_ODOO_CONF:-$ODOO_CONF}" "${extra[@]}" "$@"
}
