# Shared by bin/test and bin/demo: connection settings, the checks that Odoo
# and PostgreSQL are there and that Odoo finds this checkout's addons, and a
# throwaway Odoo configuration file. Source it from the repository's root.

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-$(id -un)}"

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# write_config FILE HTTP_PORT: an Odoo configuration with no addons_path, as a
# user who runs odoo-bin without one has, unless ODOO_ADDONS_PATH names one
write_config() {
    cat >"$1" <<CFG
[options]
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
http_interface = 127.0.0.1
http_port = $2
CFG
    if [ -n "${ODOO_ADDONS_PATH:-}" ]; then
        echo "addons_path = $ODOO_ADDONS_PATH" >>"$1"
    fi
}

# check_setup FILE: Odoo importable as its own package, PostgreSQL answering,
# and Odoo (configured by FILE) finding the addons in this checkout
check_setup() {
    command -v psql >/dev/null || die "psql not found: install the PostgreSQL client."
    psql -d postgres -Atc "select 1" >/dev/null 2>&1 ||
        die "PostgreSQL does not answer at $PGHOST:$PGPORT as $PGUSER (set PGHOST, PGPORT, PGUSER, PGPASSWORD)."
    python3 bin/check_setup.py -c "$1" || exit 2
}

database_exists() {
    [ -n "$(psql -d postgres -Atc "select 1 from pg_database where datname = '$1'")" ]
}
