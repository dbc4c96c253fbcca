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

# The odoo command line with the project's configuration.
odoo_cmd() {
    "$DENTAL_VENV/bin/odoo" -c "$ODOO_CONF" "$@"
}

db_exists() {
    psql -d postgres -tAc "SELECT datname FROM pg_database" | grep -qxF "$1"
}
