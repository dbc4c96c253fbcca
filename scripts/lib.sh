# shellcheck shell=bash
# Shared settings and helpers for the project's scripts. Sourced, never run.
#
# Every location can be overridden from the environment:
#   DENTAL_HOME   where the project keeps what lives outside the repository
#                 (default: ${XDG_DATA_HOME:-$HOME/.local/share}/dental-clinic)
#   DENTAL_VENV   the Python 3.12 virtualenv            (default: $DENTAL_HOME/venv)
#   DENTAL_ODOO   the installed Odoo 18.0 source tree   (default: $DENTAL_HOME/odoo-18.0)
#   ODOO_SRC      a local Odoo 18.0 source tree to install from (only read by setup)
#   DENTAL_PYTHON the Python 3.12 interpreter to build the virtualenv with

set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DENTAL_HOME="${DENTAL_HOME:-${XDG_DATA_HOME:-${HOME:-/root}/.local/share}/dental-clinic}"
DENTAL_VENV="${DENTAL_VENV:-$DENTAL_HOME/venv}"
DENTAL_ODOO="${DENTAL_ODOO:-$DENTAL_HOME/odoo-18.0}"
ODOO_CONF="$REPO_DIR/odoo.conf"
# odoo.conf reads both through ${...}: one config file serves scripts and docker.
export DENTAL_ADDONS="$REPO_DIR/addons"
export ODOO_ADDONS="$DENTAL_ODOO/addons"
PY="$DENTAL_VENV/bin/python"

info() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() {
    printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
    exit 1
}

# Phase timing: `phase_start NAME` ... `phase_end`; `phase_report` prints them all.
PHASES=()
_phase_name=""
_phase_t0=0
phase_start() {
    _phase_name="$1"
    _phase_t0=$SECONDS
    info "$1"
}
phase_end() {
    PHASES+=("$(printf '%-28s %5ss' "$_phase_name" $((SECONDS - _phase_t0)))")
}
phase_report() {
    echo "Phase timings:"
    local p
    for p in "${PHASES[@]}"; do echo "  $p"; done
}

# Run a command as root: directly, through sudo, or not at all.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo "$@"
    else
        return 126
    fi
}

# Every dental addon of the repository (folders holding a manifest).
project_addons() {
    local m
    for m in "$REPO_DIR"/addons/*/__manifest__.py; do
        [ -f "$m" ] && basename "$(dirname "$m")"
    done
}

# dental_clinic and the addons it installs (its manifest's depends), one a line.
clinic_addons() {
    echo dental_clinic
    "$PY" -c 'import ast, sys; print("\n".join(ast.literal_eval(open(sys.argv[1]).read())["depends"]))' \
        "$REPO_DIR/addons/dental_clinic/__manifest__.py"
}

# The odoo command line with the project's configuration.
odoo_cmd() {
    "$DENTAL_VENV/bin/odoo" -c "$ODOO_CONF" "$@"
}

db_exists() {
    psql -d postgres -tAc "SELECT datname FROM pg_database" | grep -qxF "$1"
}

# Reach PostgreSQL: start (or create) the local cluster when needed, create our role; die with the fix.
ensure_postgres() {
    if psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        psql -d postgres -tAc "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user" |
            grep -q t || die "PostgreSQL role $(id -un) may not create databases: ALTER ROLE \"$(id -un)\" CREATEDB"
        return 0
    fi
    command -v pg_lsclusters >/dev/null ||
        die "cannot reach PostgreSQL: start a server, or set PGHOST/PGPORT/PGUSER/PGPASSWORD"
    as_root true || die "PostgreSQL is not reachable and starting it needs root: start it, e.g. 'sudo pg_ctlcluster 15 main start'"
    local cluster
    cluster="$(pg_lsclusters -h | awk 'NR == 1 {print $1 " " $2}')"
    if [ -z "$cluster" ]; then
        info "creating a PostgreSQL cluster"
        local version
        version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
        as_root pg_createcluster "$version" main >/dev/null || die "pg_createcluster $version main failed"
        cluster="$version main"
    fi
    if ! pg_lsclusters -h | awk -v c="$cluster" '$1 " " $2 == c {print $4}' | grep -q online; then
        info "starting PostgreSQL $cluster"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start || die "could not start PostgreSQL $cluster: see /var/log/postgresql/"
    fi
    local user
    user="$(id -un)"
    # the role name as a psql variable (:'user' quotes it), never pasted into the statement
    if ! echo "SELECT 1 FROM pg_roles WHERE rolname = :'user'" | as_root runuser -u postgres -- psql -tA -v user="$user" |
        grep -q 1; then
        info "creating the PostgreSQL role $user"
        as_root runuser -u postgres -- createuser --createdb "$user" || die "could not create the PostgreSQL role $user"
    fi
    local i
    for i in $(seq 1 30); do
        psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 1
    done
    die "PostgreSQL does not accept connections for $user"
}
