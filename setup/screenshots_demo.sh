#!/usr/bin/env bash
# Takes the user guide's pictures of the dashboard with the demo data: installs the add-ons
# with their demo data (six months of history dated back from today) in a scratch database,
# then runs consignment_stock/tests/test_demo_screenshots.py, which walks the dashboard as
# the demo's consignment user (login demo) and saves
# consignment_stock/static/description/screenshots/dashboard_demo*.png. Review the changed
# pictures with 'git status' and commit them.
# The scratch database is copied from a cached template with Odoo's dependencies and their
# demo data, built once (a few minutes) beside the test template.
# Settings (environment), besides those of setup/common.sh:
#   CONSIGNMENT_SCREENSHOT_DEMO_DB   name of the scratch database (default: consignment_screenshots_demo).
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"
require_odoo
require_chromium

pg_start
mkdir -p "$DATA_DIR" "$RUN_DIR/logs"
LOG="$RUN_DIR/logs/screenshots-demo.log"
: >"$LOG"

DEMO_TEMPLATE="$(template_db_name)_demo"
if db_exists "$DEMO_TEMPLATE"; then
    say "Using the cached demo template database $DEMO_TEMPLATE"
else
    say "Building the demo template database $DEMO_TEMPLATE ($BASE_DEPENDENCIES with demo data; a few minutes, once)"
    db_drop "${DEMO_TEMPLATE}_building"
    odoo_cmd -d "${DEMO_TEMPLATE}_building" -i "$BASE_DEPENDENCIES" --with-demo --stop-after-init \
        --no-http --max-cron-threads=0 --log-level=warn --logfile="$LOG" \
        || die "Could not build the demo template database (log: $LOG)."
    "$(pg_bin)/psql" -q -d postgres \
        -c "ALTER DATABASE \"${DEMO_TEMPLATE}_building\" RENAME TO \"$DEMO_TEMPLATE\"" \
        || die "Could not rename ${DEMO_TEMPLATE}_building to $DEMO_TEMPLATE."
    if [ -d "$DATA_DIR/filestore/${DEMO_TEMPLATE}_building" ]; then
        mv "$DATA_DIR/filestore/${DEMO_TEMPLATE}_building" "$DATA_DIR/filestore/$DEMO_TEMPLATE"
    fi
fi

SHOT_DB="${CONSIGNMENT_SCREENSHOT_DEMO_DB:-consignment_screenshots_demo}"
say "Installing $OUR_MODULES with their demo data into a fresh $SHOT_DB"
db_copy "$DEMO_TEMPLATE" "$SHOT_DB"
odoo_cmd -d "$SHOT_DB" -i "$OUR_MODULES" --with-demo --stop-after-init --log-level=warn \
    --logfile="$LOG" --no-http --max-cron-threads=0 \
    || die "Installing the add-ons with their demo data failed (log: $LOG)."

RC="$RUN_DIR/odoo-screenshots-demo.conf"
write_odoo_rc "$RC"
say "Walking the demo's dashboard and saving its screens (Odoo log: $LOG)"
CONSIGNMENT_DEMO_SCREENSHOTS=1 CONSIGNMENT_UPDATE_SCREENSHOTS=1 "$PYTHON" -m pytest \
    --odoo-config="$RC" --odoo-database="$SHOT_DB" --odoo-http --odoo-log-level=warn \
    --odoo-extra="logfile=$LOG" -p no:cacheprovider -q \
    consignment_stock/tests/test_demo_screenshots.py \
    || die "The dashboard tour failed: the screenshots are incomplete (log: $LOG)."
db_drop "$SHOT_DB"
say "Screenshots updated:"
git status --short --untracked-files=all -- 'consignment_stock/static/description/screenshots/dashboard_demo*.png' >&2 || true
