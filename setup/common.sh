#!/usr/bin/env bash
# Shared helpers of the set-up, start and test commands. Sourced, never run.
# Settings (environment):
#   ODOO_SRC         folder holding Odoo 19's source (the one with odoo/ and addons/),
#                    used when `python3 -c "import odoo"` does not find Odoo by itself.
#   ODOO_RC          an Odoo configuration file whose addons_path names Odoo's own add-ons.
#   CONSIGNMENT_PGPORT  port of the project's PostgreSQL server (default: a free port, remembered).
#   CONSIGNMENT_DB   name of the demo database (default: consignment_demo).
#   PYTHON           the Python interpreter to use (default: python3).

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$PROJECT_DIR/.run"
PGDATA_DIR="$RUN_DIR/pgdata"
PGSOCKET_DIR="$RUN_DIR/pg"
PYTHON="${PYTHON:-python3}"
PG_USER="odoo"
DEMO_DB="${CONSIGNMENT_DB:-consignment_demo}"
OUR_MODULES="consignment_stock,consignment_purchase,consignment_sale,consignment_mrp,consignment_repair,consignment_point_of_sale,consignment_spreadsheet_dashboard"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Odoo 19 must be importable; say what to do when it is not.
# The browser tours need Chromium: stop with what to do when it is missing.
require_chromium() {
    local candidate
    for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$candidate" >/dev/null 2>&1 && return 0
    done
    die "Chromium is not installed: run 'bash setup/install.sh' first."
}

require_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -d "$ODOO_SRC/odoo" ] || die "ODOO_SRC=$ODOO_SRC holds no odoo/ folder. Point ODOO_SRC at the folder of Odoo 19's source that contains odoo/ and addons/."
        export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
    fi
    local version
    if ! version=$("$PYTHON" -c 'import odoo.release as r; print(r.serie)' 2>/dev/null); then
        die "Odoo 19.0 is not installed: '$PYTHON -c \"import odoo\"' fails. These add-ons need an existing Odoo 19.0 (community). Install it (for example 'pip install -e <odoo-19-source>'), or set ODOO_SRC to the folder of its source, then run this command again."
    fi
    [ "$version" = "19.0" ] || die "Found Odoo $version, but these add-ons need Odoo 19.0. Point ODOO_SRC at an Odoo 19.0 source, or install Odoo 19.0, then run this command again."
    ODOO_ADDONS_DIR=$("$PYTHON" - <<'PY'
import os
from odoo.tools import config as cfg
path = cfg.addons_community_dir
print(path if os.path.isdir(path) else "")
PY
)
}

# The add-ons path: ours first, then Odoo's community add-ons (when Odoo is a source checkout).
addons_path() {
    local path="$PROJECT_DIR"
    [ -n "${ODOO_ADDONS_DIR:-}" ] && path="$path,$ODOO_ADDONS_DIR"
    [ -n "${CONSIGNMENT_EXTRA_ADDONS:-}" ] && path="$path,$CONSIGNMENT_EXTRA_ADDONS"
    echo "$path"
}

pg_bin() {
    local bin
    for bin in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$bin/pg_ctl" ] && { echo "$bin"; return; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
    die "PostgreSQL's server programs (pg_ctl, initdb) are not installed. Install Debian's postgresql-15 package ('apt-get install postgresql-15'), then run this command again."
}

free_port() {
    "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PostgreSQL server of the project: data under .run/pgdata, reachable on 127.0.0.1 only.
# As root it runs as the `postgres` system user, which initdb requires.
pg_start() {
    local bin; bin=$(pg_bin)
    mkdir -p "$RUN_DIR"
    local runas=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        runas=(runuser -u postgres --)
        chmod o+x "$PROJECT_DIR" "$RUN_DIR"
        local dir="$PROJECT_DIR"
        while [ "$dir" != / ]; do
            runuser -u postgres -- test -x "$dir" || chmod o+x "$dir"
            dir=$(dirname "$dir")
        done
    fi
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "Creating the PostgreSQL data folder $PGDATA_DIR"
        mkdir -p "$PGDATA_DIR" "$PGSOCKET_DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR" "$PGSOCKET_DIR"
        chmod 700 "$PGDATA_DIR"
        "${runas[@]}" "$bin/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$RUN_DIR/initdb.log" 2>&1 \
            || { cat "$RUN_DIR/initdb.log" >&2; die "initdb failed (log above)."; }
    fi
    mkdir -p "$PGSOCKET_DIR"; [ "$(id -u)" = 0 ] && chown postgres: "$PGSOCKET_DIR"
    if [ -n "${CONSIGNMENT_PGPORT:-}" ]; then
        PGPORT_VALUE="$CONSIGNMENT_PGPORT"
    elif [ -f "$RUN_DIR/pgport" ]; then
        PGPORT_VALUE=$(cat "$RUN_DIR/pgport")
    else
        PGPORT_VALUE=$(free_port)
    fi
    if ! "${runas[@]}" "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        if ! "$PYTHON" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PGPORT_VALUE)) != 0)" 2>/dev/null; then
            :
        else
            [ -n "${CONSIGNMENT_PGPORT:-}" ] && die "Port $PGPORT_VALUE (CONSIGNMENT_PGPORT) is taken by another program. Choose a free port."
            PGPORT_VALUE=$(free_port)
        fi
        say "Starting PostgreSQL on 127.0.0.1:$PGPORT_VALUE"
        "${runas[@]}" "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGSOCKET_DIR/postgresql.log" -w -t 60 \
            -o "-p $PGPORT_VALUE -k $PGSOCKET_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
            || { tail -20 "$PGSOCKET_DIR/postgresql.log" >&2; die "PostgreSQL did not start (log above)."; }
    else
        PGPORT_VALUE=$(sed -n 4p "$PGDATA_DIR/postmaster.pid")
    fi
    echo "$PGPORT_VALUE" >"$RUN_DIR/pgport"
    "$bin/psql" -h 127.0.0.1 -p "$PGPORT_VALUE" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'" | grep -q 1 \
        || "$bin/psql" -q -h 127.0.0.1 -p "$PGPORT_VALUE" -U postgres -d postgres -c "CREATE ROLE $PG_USER LOGIN CREATEDB" \
        || die "Could not create the database role $PG_USER."
    export PGHOST=127.0.0.1 PGPORT="$PGPORT_VALUE" PGUSER="$PG_USER"
}

pg_stop() {
    local bin; bin=$(pg_bin)
    local runas=()
    [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
    [ -f "$PGDATA_DIR/PG_VERSION" ] && "${runas[@]}" "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
}

db_exists() {
    [ "$("$(pg_bin)/psql" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# Odoo's command line with the project's database and add-ons path.
odoo_cmd() {
    "$PYTHON" -m odoo "$@" --db_host=127.0.0.1 --db_port="$PGPORT" --db_user="$PG_USER" \
        --addons-path="$(addons_path)" --data-dir="$DATA_DIR"
}

# Odoo's data folder of the project (filestores of the databases).
DATA_DIR="$RUN_DIR/odoo-data"
# Odoo add-ons our three add-ons depend on: the cached template database holds exactly these.
BASE_DEPENDENCIES="stock_account,purchase_stock,sale_management,sale_stock,portal,mrp_account,repair,point_of_sale,spreadsheet_dashboard"

# Name of the cached template database: changes when Odoo's version or the dependency list does.
template_db_name() {
    local key
    key=$("$PYTHON" -c 'import odoo.release as r; print(r.version)')"|$BASE_DEPENDENCIES"
    echo "consignment_tmpl_$(printf '%s' "$key" | sha1sum | cut -c1-10)"
}

# Copies database $1 (and its filestore) to a new database $2, dropping $2 first.
db_copy() {
    local src="$1" dst="$2" bin; bin=$(pg_bin)
    db_drop "$dst"
    "$bin/createdb" -T "$src" "$dst" || die "Could not copy database $src to $dst."
    if [ -d "$DATA_DIR/filestore/$src" ]; then
        mkdir -p "$DATA_DIR/filestore"
        cp -a "$DATA_DIR/filestore/$src" "$DATA_DIR/filestore/$dst"
    fi
}

# Writes an Odoo configuration file $1 for the project's PostgreSQL and add-ons (pytest-odoo
# reads its settings from such a file).
write_odoo_rc() {
    cat >"$1" <<EOF
[options]
db_host = 127.0.0.1
db_port = $PGPORT
db_user = $PG_USER
addons_path = $(addons_path)
data_dir = $DATA_DIR
max_cron_threads = 0
EOF
}

# Drops database $1 (if present) and its filestore.
db_drop() {
    PGOPTIONS="-c client_min_messages=warning" "$(pg_bin)/dropdb" --if-exists --force "$1" \
        || die "Could not drop database $1."
    rm -rf "${DATA_DIR:?}/filestore/$1"
}

# The cached template database with Odoo's dependencies only (no demo data); built once,
# under a temporary name that is renamed on success so a half-built one is never used.
ensure_template_db() {
    TEMPLATE_DB=$(template_db_name)
    if db_exists "$TEMPLATE_DB"; then
        say "Using the cached template database $TEMPLATE_DB"
        return
    fi
    local building="${TEMPLATE_DB}_building" log="$RUN_DIR/template-db.log"
    say "Building the template database $TEMPLATE_DB ($BASE_DEPENDENCIES; takes a few minutes, once)"
    db_drop "$building"
    mkdir -p "$DATA_DIR"
    odoo_cmd -d "$building" -i "$BASE_DEPENDENCIES" --stop-after-init --log-level=warn \
        --logfile="$log" --no-http --max-cron-threads=0 2>>"$log" \
        || { tail -40 "$log" >&2; die "Could not build the template database (log: $log)."; }
    # Free the template of other sessions, then give it its final name.
    "$(pg_bin)/psql" -q -d postgres -c "ALTER DATABASE \"$building\" RENAME TO \"$TEMPLATE_DB\"" \
        || die "Could not rename $building to $TEMPLATE_DB."
    [ -d "$DATA_DIR/filestore/$building" ] && mv "$DATA_DIR/filestore/$building" "$DATA_DIR/filestore/$TEMPLATE_DB"
    return 0
}

# The Python packages of requirements.txt: pip runs only when one of them is missing.
ensure_requirements() {
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
}

# wkhtmltopdf (PDF reports) and Chromium (browser tours): apt runs only when one is missing.
ensure_debian_tools() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
    if [ ${#missing[@]} -gt 0 ]; then
        say "Installing ${missing[*]} (apt)"
        command -v apt-get >/dev/null 2>&1 || die "${missing[*]} missing and apt-get is not available: install ${missing[*]} by hand, then run this command again."
        local sudo_cmd=()
        [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
        "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" \
            || die "apt-get could not install ${missing[*]}."
    fi
}

# The demo database with our add-ons and their demo data, made when missing.
ensure_demo_db() {
    local expected
    expected=$(tr ',' '\n' <<<"$OUR_MODULES" | grep -c .)
    installed_count() {
        db_exists "$DEMO_DB" || { echo 0; return; }
        "$(pg_bin)/psql" -d "$DEMO_DB" -tAc \
            "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('${OUR_MODULES//,/\',\'}')" 2>/dev/null || echo 0
    }
    if [ "$(installed_count)" = "$expected" ]; then
        say "The demo database $DEMO_DB already has the add-ons"
    else
        local log="$RUN_DIR/logs/install-demo.log"
        say "Creating the demo database $DEMO_DB with demo data (a few minutes; log: $log)"
        db_drop "$DEMO_DB"
        : >"$log"
        odoo_cmd -d "$DEMO_DB" -i "$OUR_MODULES" --with-demo --stop-after-init --no-http \
            --max-cron-threads=0 --log-level=warn --logfile="$log" 2>>"$log" \
            || { tail -40 "$log" >&2; db_drop "$DEMO_DB"; die "Creating the demo database failed (log: $log)."; }
        [ "$(installed_count)" = "$expected" ] || { db_drop "$DEMO_DB"; die "The demo database lacks some add-ons (log: $log)."; }
    fi
}

# Everything the demo needs, each step skipped when done: requirements, wkhtmltopdf and
# Chromium, the project's PostgreSQL, the demo database.
ensure_demo_setup() {
    require_odoo
    ensure_requirements
    ensure_debian_tools
    pg_start
    mkdir -p "$DATA_DIR" "$RUN_DIR/logs"
    ensure_demo_db
}
