#!/usr/bin/env bash
# The main job: prepare the environment, create the demo database with the whole
# product and its demo data on first use (or update it when the addons changed),
# then serve Odoo at http://localhost:8069.
#
#   DENTAL_DB    database to serve          (default: dental_demo)
#   DENTAL_PORT  HTTP port                  (default: 8069)
#   Extra arguments go to odoo, e.g. scripts/run.sh --dev=xml
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${DENTAL_DB:-dental_demo}"
PORT="${DENTAL_PORT:-8069}"
STAMP="$DENTAL_HOME/run-$DB.addons.sha256"

"$REPO_DIR/scripts/setup.sh"

module_state() {
    psql -d "$1" -tAc "SELECT state FROM ir_module_module WHERE name = 'dental_clinic'" 2>/dev/null || true
}
addons_hash() {
    (cd "$REPO_DIR" && find addons -type f -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum) |
        sha256sum | cut -d' ' -f1
}

if ! db_exists "$DB" || [ "$(module_state "$DB")" != "installed" ]; then
    info "creating the database $DB with the dental product and demo data (a few minutes the first time)"
    odoo_cmd -d "$DB" --db-filter "^$DB\$" -i dental_clinic --stop-after-init --max-cron-threads 0 ||
        die "installing the product into $DB failed: see the log above"
    addons_hash >"$STAMP"
elif [ "$(addons_hash)" != "$(cat "$STAMP" 2>/dev/null)" ]; then
    info "the addons changed since $DB was last updated: updating them"
    odoo_cmd -d "$DB" --db-filter "^$DB\$" -u "$(project_addons | paste -sd, -)" -i dental_clinic \
        --stop-after-init --max-cron-threads 0 || die "updating the addons in $DB failed: see the log above"
    addons_hash >"$STAMP"
fi

cat <<MSG

  Dental clinic is starting at http://localhost:$PORT
  Database: $DB    Log in as: admin / admin (the demo administrator, Director role)
  Stop with Ctrl+C.

MSG
exec "$DENTAL_VENV/bin/odoo" -c "$ODOO_CONF" -d "$DB" --db-filter "^$DB\$" --http-port "$PORT" "$@"
