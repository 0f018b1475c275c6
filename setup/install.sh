#!/usr/bin/env bash
# The set-up command: Python requirements, wkhtmltopdf and Chromium, the project's
# PostgreSQL, and the demo database with the three add-ons and their demo data.
# Safe to run again: every step is skipped when already done.
# Settings (environment): those of setup/common.sh (ODOO_SRC, CONSIGNMENT_DB, ...).
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"

ensure_demo_setup
say "Set-up done. Start Odoo with: bash setup/start.sh"
