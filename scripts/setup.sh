#!/usr/bin/env bash
# Prepare everything the project needs outside the repository. Idempotent and
# quick when nothing is missing: safe to run before every run and test.
#
#   1. Debian packages: PostgreSQL, build headers, Chromium, wkhtmltopdf
#   2. a Python 3.12 virtualenv at $DENTAL_VENV
#   3. Odoo 18.0 Community (from $ODOO_SRC, or Odoo's official 18.0 archive),
#      installed editable as the distribution `odoo` so OCA wheels work
#   4. requirements.txt + test-requirements.txt (re-run only when they change)
#   5. a running PostgreSQL server with a role for the current user
#
# See scripts/lib.sh for the locations and their environment overrides.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ODOO_ARCHIVE_URL="${ODOO_ARCHIVE_URL:-https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz}"
DEBIAN_PACKAGES=(postgresql postgresql-contrib libpq-dev libldap2-dev libsasl2-dev chromium wkhtmltopdf)
REQ_STAMP="$DENTAL_VENV/.dental-requirements.sha256"

ensure_debian_packages() {
    command -v dpkg-query >/dev/null || {
        warn "not a Debian system: make sure PostgreSQL 15+, Chromium and wkhtmltopdf are installed"
        return 0
    }
    local missing=() p
    for p in "${DEBIAN_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    info "installing Debian packages: ${missing[*]}"
    if ! as_root true; then
        die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}"
    fi
    as_root apt-get update -q >/dev/null || die "apt-get update failed: check the network or the apt sources"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}" >/dev/null ||
        die "apt-get install ${missing[*]} failed"
}

find_python312() {
    local c
    for c in "${DENTAL_PYTHON:-}" python3.12 /usr/bin/python3.12 /usr/local/bin/python3.12 \
        "$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python3.12; do
        [ -n "$c" ] || continue
        if "$c" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    if [ -x "$PY" ] && "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
        return 0
    fi
    [ -e "$DENTAL_VENV" ] && die "$DENTAL_VENV exists but is not a Python 3.12 virtualenv: remove it or set DENTAL_VENV"
    local python
    python="$(find_python312)" ||
        die "Python 3.12 not found: install it (e.g. pyenv install 3.12) or set DENTAL_PYTHON=/path/to/python3.12"
    info "creating the virtualenv $DENTAL_VENV with $python"
    mkdir -p "$(dirname "$DENTAL_VENV")"
    "$python" -m venv "$DENTAL_VENV" || die "could not create the virtualenv at $DENTAL_VENV"
    "$PY" -m pip install -q --upgrade pip setuptools wheel || die "could not upgrade pip in $DENTAL_VENV"
}

# Odoo's source tree given by the user, or the official 18.0 archive.
fetch_odoo_source() {
    local dest="$1"
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] && [ -d "$ODOO_SRC/addons" ] ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (odoo/release.py and addons/ expected)"
        grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" ||
            die "ODOO_SRC=$ODOO_SRC is not Odoo 18.0"
        info "copying Odoo 18.0 from $ODOO_SRC"
        local f
        for f in odoo addons setup setup.py setup.cfg MANIFEST.in requirements.txt odoo-bin LICENSE README.md; do
            [ -e "$ODOO_SRC/$f" ] && cp -a "$ODOO_SRC/$f" "$dest/"
        done
    else
        command -v curl >/dev/null || die "curl is missing: install it, or set ODOO_SRC to a local Odoo 18.0 tree"
        info "downloading Odoo 18.0 from $ODOO_ARCHIVE_URL (set ODOO_SRC to use a local tree)"
        curl -fL --retry 3 --connect-timeout 20 "$ODOO_ARCHIVE_URL" | tar -xz -C "$dest" --strip-components=1 ||
            die "could not download Odoo 18.0 from $ODOO_ARCHIVE_URL: without internet set ODOO_SRC=/path/to/odoo-18.0"
    fi
    [ -f "$dest/odoo/release.py" ] || die "the Odoo source in $dest is incomplete"
}

ensure_odoo() {
    if "$PY" - "$DENTAL_ODOO" <<'PY' 2>/dev/null; then
import importlib.metadata, os, sys
import odoo.release
assert odoo.release.version_info[:2] == (18, 0)
assert importlib.metadata.distribution("odoo")
assert os.path.realpath(os.path.dirname(odoo.__file__)) == os.path.realpath(os.path.join(sys.argv[1], "odoo"))
PY
        return 0
    fi
    if [ ! -f "$DENTAL_ODOO/odoo/release.py" ]; then
        local tmp="$DENTAL_ODOO.partial"
        rm -rf "$tmp" && mkdir -p "$tmp"
        fetch_odoo_source "$tmp"
        mv "$tmp" "$DENTAL_ODOO"
    fi
    info "installing Odoo 18.0 (editable, distribution 'odoo') from $DENTAL_ODOO"
    "$PY" -m pip install -q --no-deps --config-settings editable_mode=compat -e "$DENTAL_ODOO" ||
        die "pip could not install Odoo from $DENTAL_ODOO"
    rm -f "$REQ_STAMP"
}

ensure_requirements() {
    local sum
    sum="$(cat "$REPO_DIR/requirements.txt" "$REPO_DIR/test-requirements.txt" | sha256sum | cut -d' ' -f1)"
    [ -f "$REQ_STAMP" ] && [ "$(cat "$REQ_STAMP")" = "$sum" ] && return 0
    info "installing Python requirements into $DENTAL_VENV"
    "$PY" -m pip install -q -r "$REPO_DIR/requirements.txt" -r "$REPO_DIR/test-requirements.txt" ||
        die "pip install of the requirements failed (psycopg2/python-ldap need libpq-dev, libldap2-dev, libsasl2-dev)"
    echo "$sum" >"$REQ_STAMP"
}

phase_start "setup"
ensure_debian_packages
ensure_venv
ensure_odoo
ensure_requirements
ensure_postgres
command -v chromium >/dev/null || command -v google-chrome >/dev/null ||
    die "no Chromium for the tours: apt-get install chromium"
phase_end
info "environment ready: venv $DENTAL_VENV, Odoo $DENTAL_ODOO"
