#!/usr/bin/env bash
# Regenerates the user guide's screenshots: installs the add-ons in a scratch database
# (copied from the cached template), then runs the browser tours of the add-ons (and
# their scanning tours) with
# CONSIGNMENT_UPDATE_SCREENSHOTS=1. The tours save the screens they reach over the add-ons'
# static/description/screenshots/*.png, which README.md and readme/USAGE.md show. Review
# the changed pictures with 'git status' and commit them.
# Settings (environment), besides those of setup/common.sh:
#   CONSIGNMENT_SCREENSHOT_DB   name of the scratch database (default: consignment_screenshots).
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"
require_odoo
require_chromium

pg_start
mkdir -p "$DATA_DIR" "$RUN_DIR/logs"
ensure_template_db
SHOT_DB="${CONSIGNMENT_SCREENSHOT_DB:-consignment_screenshots}"
LOG="$RUN_DIR/logs/screenshots.log"
: >"$LOG"
say "Installing $OUR_MODULES into a fresh $SHOT_DB"
db_copy "$TEMPLATE_DB" "$SHOT_DB"
odoo_cmd -d "$SHOT_DB" -i "$OUR_MODULES" --stop-after-init --log-level=warn --logfile="$LOG" \
    --no-http --max-cron-threads=0 \
    || die "Installing the add-ons failed (log: $LOG)."

RC="$RUN_DIR/odoo-screenshots.conf"
write_odoo_rc "$RC"
say "Running the tours and saving their screens (Odoo log: $LOG)"
CONSIGNMENT_UPDATE_SCREENSHOTS=1 "$PYTHON" -m pytest --odoo-config="$RC" --odoo-database="$SHOT_DB" \
    --odoo-http --odoo-log-level=warn --odoo-extra="logfile=$LOG" -p no:cacheprovider -q \
    consignment_stock/tests/test_tours.py consignment_purchase/tests/test_tours.py \
    consignment_sale/tests/test_tours.py consignment_stock/tests/test_scan_tour.py \
    consignment_sale/tests/test_picking_scan_tour.py consignment_sale/tests/test_portal_scan_tour.py \
    || die "A tour failed: the screenshots are incomplete (log: $LOG)."
db_drop "$SHOT_DB"
say "Screenshots updated:"
git status --short --untracked-files=all -- '*/static/description/screenshots/*.png' >&2
