#!/usr/bin/env bash
# Regenerates each add-on's translation template (i18n/<addon>.pot) from a database with
# the three add-ons installed at their current code. Run it after changing any user-facing
# string; the test command fails when a template misses a string.
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"
require_odoo
pg_start
I18N_DB="${CONSIGNMENT_I18N_DB:-consignment_i18n}"
if db_exists "$I18N_DB"; then
    say "Updating the add-ons in $I18N_DB"
    odoo_cmd -d "$I18N_DB" -u "$OUR_MODULES" --stop-after-init --log-level=warn --no-http
else
    ensure_template_db
    say "Creating $I18N_DB with the add-ons"
    db_copy "$TEMPLATE_DB" "$I18N_DB"
    odoo_cmd -d "$I18N_DB" -i "$OUR_MODULES" --stop-after-init --log-level=warn --no-http
fi
say "Exporting the templates"
I18N_RC="$RUN_DIR/odoo-i18n.conf"
printf '[options]\ndb_host = 127.0.0.1\ndb_port = %s\ndb_user = %s\ndata_dir = %s\n' "$PGPORT" "$PG_USER" "$DATA_DIR" >"$I18N_RC"
IFS=, read -r -a modules <<<"$OUR_MODULES"
for module in "${modules[@]}"; do
    "$PYTHON" -m odoo --addons-path="$(addons_path)" i18n export \
        -c "$I18N_RC" \
        -d "$I18N_DB" -o "$module/i18n/$module.pot" "$module"
    echo "  $module/i18n/$module.pot"
done
