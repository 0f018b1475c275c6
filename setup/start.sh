#!/usr/bin/env bash
# The start command: sets up what is missing (Python requirements, wkhtmltopdf, Chromium, the
# project's PostgreSQL, the demo database), then serves Odoo on
# http://localhost:$CONSIGNMENT_HTTP_PORT (default 8069) with the demo database. Ctrl+C stops it.
# Settings (environment): CONSIGNMENT_HTTP_PORT, plus those of setup/common.sh.
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_DIR"

ensure_demo_setup
HTTP_PORT="${CONSIGNMENT_HTTP_PORT:-8069}"

url="http://localhost:$HTTP_PORT"
{
    echo
    echo "Odoo: $url  (database $DEMO_DB)"
    echo "Logins (login / password):"
    echo "    admin / admin   (administrator)"
    # Demo users the add-ons' demo data create: their passwords equal their logins.
    "$(pg_bin)/psql" -d "$DEMO_DB" -tA -F ' ' -c "
        SELECT DISTINCT u.login
          FROM res_users u
          JOIN ir_model_data d ON d.model = 'res.users' AND d.res_id = u.id
         WHERE u.active AND u.login NOT IN ('admin', '__system__', 'default', 'public')
           AND (d.module LIKE 'consignment_%' OR (d.module = 'base' AND d.name IN ('user_demo', 'demo_user0')))
         ORDER BY 1" 2>/dev/null | while read -r login; do
        [ -n "$login" ] && echo "    $login / $login"
    done
    echo
} >&2

exec "$PYTHON" -m odoo server -d "$DEMO_DB" --db-filter="^${DEMO_DB}\$" \
    --db_host=127.0.0.1 --db_port="$PGPORT" --db_user="$PG_USER" \
    --addons-path="$(addons_path)" --data-dir="$DATA_DIR" \
    --http-port="$HTTP_PORT" --max-cron-threads=1 "$@"
