#!/usr/bin/env bash
# The set-up command: Python requirements, wkhtmltopdf and Chromium, the project's
# PostgreSQL, and the demo database with the three add-ons and their demo data.
# Safe to run again: every step is skipped when already done.
# Settings (environment): those of setup/common.sh (ODOO_SRC, CONSIGNMENT_DB, ...).
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"

require_odoo

# Python requirements: pip only when one of them does not import.
say "Python requirements (requirements.txt)"
if "$PYTHON" - <<'PY' 2>/dev/null
import importlib, shutil, sys
modules = ["psycopg2", "lxml", "reportlab", "openpyxl", "freezegun", "polib", "websocket",
           "pytest", "pytest_odoo", "whool", "build", "pylint_odoo", "oca_pre_commit_hooks"]
for name in modules:
    importlib.import_module(name)
for tool in ["ruff", "pre-commit", "oca-checks-odoo-module", "pylint"]:
    if not shutil.which(tool):
        sys.exit(1)
PY
then
    echo "All present."
else
    "$PYTHON" -m pip install --quiet -r requirements.txt || die "pip could not install requirements.txt (above)."
fi

# Debian packages: apt only when a program is missing.
missing=()
command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]} (apt)"
    command -v apt-get >/dev/null 2>&1 || die "${missing[*]} missing and apt-get is not available: install ${missing[*]} by hand, then run this command again."
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" \
        || die "apt-get could not install ${missing[*]}."
fi

pg_start
mkdir -p "$DATA_DIR" "$RUN_DIR/logs"

# The demo database: the three add-ons with demo data.
installed_count() {
    db_exists "$DEMO_DB" || { echo 0; return; }
    "$(pg_bin)/psql" -d "$DEMO_DB" -tAc \
        "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('${OUR_MODULES//,/\',\'}')" 2>/dev/null || echo 0
}
if [ "$(installed_count)" = 3 ]; then
    say "The demo database $DEMO_DB already has the add-ons"
else
    log="$RUN_DIR/logs/install-demo.log"
    say "Creating the demo database $DEMO_DB with demo data (a few minutes; log: $log)"
    db_drop "$DEMO_DB"
    : >"$log"
    odoo_cmd -d "$DEMO_DB" -i "$OUR_MODULES" --with-demo --stop-after-init --no-http \
        --max-cron-threads=0 --log-level=warn --logfile="$log" 2>>"$log" \
        || { tail -40 "$log" >&2; db_drop "$DEMO_DB"; die "Creating the demo database failed (log: $log)."; }
    [ "$(installed_count)" = 3 ] || { db_drop "$DEMO_DB"; die "The demo database lacks some add-ons (log: $log)."; }
fi
say "Set-up done. Start Odoo with: bash setup/start.sh"
