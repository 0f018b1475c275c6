#!/usr/bin/env bash
# The test command: sets up what is missing (Python requirements, wkhtmltopdf, Chromium, the
# project's PostgreSQL), then lint, wheel builds, a fresh install of the three add-ons, then one
# pytest run with the add-ons' Odoo tests and the repository's tests/ (RPC, install and
# uninstall). Fails at the first failing step; the last line is pytest's summary.
# Settings (environment), besides those of setup/common.sh:
#   CONSIGNMENT_TEST_DB   name of the throw-away test database (default: consignment_test).
#   PYTEST_ADDOPTS        extra pytest options (for example -k or -x).
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"

require_odoo
# What the tests need and a fresh machine lacks is installed first.
ensure_requirements
ensure_debian_tools

# --- a. Tools a complete run needs: a browser tour that is skipped counts as a failure.
CHROME_BIN=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then CHROME_BIN=$(command -v "$candidate"); break; fi
done
[ -n "$CHROME_BIN" ] || die "Chromium is not installed, and the browser tours cannot run without it. Run 'bash setup/install.sh' (or 'apt-get install chromium'), then run this command again."
"$PYTHON" -c "import websocket" 2>/dev/null \
    || die "The Python package websocket-client is missing (Odoo's browser tours need it). Run 'bash setup/install.sh' (or 'pip install -r requirements.txt'), then run this command again."
for tool in ruff pylint oca-checks-odoo-module pytest; do
    command -v "$tool" >/dev/null 2>&1 \
        || die "'$tool' is not installed. Run 'bash setup/install.sh' (or 'pip install -r requirements.txt'), then run this command again."
done
"$PYTHON" -c "import pytest_odoo, whool, build" 2>/dev/null \
    || die "pytest-odoo, whool or build is missing. Run 'bash setup/install.sh' (or 'pip install -r requirements.txt'), then run this command again."

ADDONS=(consignment_stock consignment_purchase consignment_sale consignment_mrp consignment_repair consignment_point_of_sale consignment_spreadsheet_dashboard)

# --- b. Lint.
say "Lint: ruff"
ruff check . || die "ruff check found problems (above). 'ruff check --fix .' fixes many of them."
ruff format --check . || die "Some files are not formatted (above). Run 'ruff format .'."
say "Lint: pylint-odoo (mandatory checks, .pylintrc-mandatory)"
pylint --rcfile=.pylintrc-mandatory "${ADDONS[@]}" || die "pylint-odoo found problems (above)."
say "Lint: XML, CSV and manifest files (oca-checks-odoo-module, .oca_hooks.cfg)"
"$PYTHON" - "${ADDONS[@]}" <<'PY' || die "Some XML files are not well-formed (above)."
import pathlib, sys
from lxml import etree
bad = 0
for addon in sys.argv[1:]:
    for path in sorted(pathlib.Path(addon).rglob("*.xml")):
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as error:
            print(f"{path}: {error}")
            bad += 1
sys.exit(1 if bad else 0)
PY
oca-checks-odoo-module --no-verbose "${ADDONS[@]}" \
    || { oca-checks-odoo-module "${ADDONS[@]}" >&2 || true; die "oca-checks-odoo-module found problems (above)."; }

# --- c. Wheels (whool builds from the files git tracks).
say "Building the wheels"
WHEEL_DIR=$(mktemp -d)
trap 'rm -rf "$WHEEL_DIR"' EXIT
for addon in "${ADDONS[@]}"; do
    "$PYTHON" -m build --wheel --no-isolation --outdir "$WHEEL_DIR" "$addon" >"$WHEEL_DIR/$addon.log" 2>&1 \
        || { tail -30 "$WHEEL_DIR/$addon.log" >&2; die "The wheel of $addon does not build (above)."; }
done
for addon in "${ADDONS[@]}"; do
    ls "$WHEEL_DIR"/odoo_addon_"$addon"-*.whl >/dev/null 2>&1 || die "No wheel was made for $addon."
done
echo "Built: $(cd "$WHEEL_DIR" && ls ./*.whl | xargs -n1 basename | tr '\n' ' ')"

# --- d. A fresh test database: a copy of the cached template, then our add-ons.
pg_start
mkdir -p "$DATA_DIR" "$RUN_DIR/logs"
ensure_template_db
TEST_DB="${CONSIGNMENT_TEST_DB:-consignment_test}"
RPC_DB="${TEST_DB}_rpc"
say "Creating the test database $TEST_DB from $TEMPLATE_DB"
db_copy "$TEMPLATE_DB" "$TEST_DB"
INSTALL_LOG="$RUN_DIR/logs/install.log"
: >"$INSTALL_LOG"
say "Installing $OUR_MODULES into $TEST_DB (log: $INSTALL_LOG)"
odoo_cmd -d "$TEST_DB" -i "$OUR_MODULES" --stop-after-init --log-level=info --logfile="$INSTALL_LOG" \
    --no-http --max-cron-threads=0 2>>"$INSTALL_LOG" \
    || { grep -E ' (ERROR|CRITICAL) ' -A15 "$INSTALL_LOG" | tail -60 >&2; die "Installing the add-ons failed (log: $INSTALL_LOG)."; }
"$PYTHON" "$PROJECT_DIR/setup/check_log.py" "$INSTALL_LOG" \
    || die "Installing the add-ons logged errors or warnings (above; log: $INSTALL_LOG)."

# --- e. A copy of the installed database for the RPC tests (they start their own server).
say "Creating the RPC test database $RPC_DB"
db_copy "$TEST_DB" "$RPC_DB"

# --- f. One pytest run. Odoo's settings go through a configuration file in .run/.
ODOO_TEST_RC="$RUN_DIR/odoo-test.conf"
write_odoo_rc "$ODOO_TEST_RC"
TEST_LOG="$RUN_DIR/logs/pytest-odoo.log"
RPC_LOG="$RUN_DIR/logs/rpc-server.log"
: >"$TEST_LOG"; : >"$RPC_LOG"
export CONSIGNMENT_RPC_DB="$RPC_DB" CONSIGNMENT_RPC_DATA_DIR="$DATA_DIR" CONSIGNMENT_RPC_LOG="$RPC_LOG"
export CONSIGNMENT_ODOO_RC="$ODOO_TEST_RC" CONSIGNMENT_TEMPLATE_DB="$TEMPLATE_DB"
export CONSIGNMENT_DATA_DIR="$DATA_DIR" CONSIGNMENT_LOG_DIR="$RUN_DIR/logs"
export CONSIGNMENT_CHECK_LOGS="$TEST_LOG:$RPC_LOG"
export CHROME_BIN
say "Running the tests (Odoo log: $TEST_LOG)"
TEST_DIRS=()
for addon in "${ADDONS[@]}"; do
    [ -d "$addon/tests" ] && TEST_DIRS+=("$addon/tests")
done
TEST_DIRS+=(tests)
set +e
"$PYTHON" -m pytest --odoo-config="$ODOO_TEST_RC" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=warn --odoo-extra="logfile=$TEST_LOG" \
    -p no:cacheprovider "${TEST_DIRS[@]}"
status=$?
set -e
[ "$status" = 5 ] && echo "ERROR: pytest collected no tests." >&2
exit "$status"
