#!/usr/bin/env bash
# Refresh an addon's translation template and merge it into its ru.po:
#   scripts/i18n_export.sh dental_patient [database]
# The database (default dental_demo, see scripts/run.sh) must have the addon
# installed and up to date. New msgids arrive untranslated in ru.po.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

addon="${1:?usage: scripts/i18n_export.sh <addon> [database]}"
db="${2:-dental_demo}"
dir="$REPO_DIR/addons/$addon/i18n"
mkdir -p "$dir"
odoo_cmd -d "$db" --db-filter "^$db\$" --i18n-export="$dir/$addon.pot" --modules="$addon" \
    --stop-after-init --log-level warn || die "export of $addon from $db failed"
"$PY" - "$dir/$addon.pot" "$dir/ru.po" "$DENTAL_ODOO" <<'PY'
import glob
import sys

import polib

pot, po_path, odoo_dir = polib.pofile(sys.argv[1]), sys.argv[2], sys.argv[3]
try:
    po = polib.pofile(po_path)
except OSError:
    po = polib.POFile()
    po.metadata = dict(pot.metadata, Language="ru", **{"Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"})
po.merge(pot)
# Labels inherited from Odoo's models (through _inherits/_inherit) reuse Odoo's own Russian wording.
known = {}
for path in glob.glob(f"{odoo_dir}/addons/*/i18n/ru.po") + glob.glob(f"{odoo_dir}/odoo/addons/base/i18n/ru.po"):
    for entry in polib.pofile(path):
        if entry.msgstr and not entry.fuzzy:
            known.setdefault(entry.msgid, entry.msgstr)
for entry in po:
    if not entry.translated() and entry.msgid in known:
        entry.msgstr = known[entry.msgid]
po.save(po_path)
missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
print(f"{po_path}: {len(po)} entries, {len(missing)} untranslated")
PY
