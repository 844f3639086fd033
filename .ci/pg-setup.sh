#!/usr/bin/env bash
# Sets up a local PostgreSQL 15 for the store tests: loopback only, one user and one database.
# Idempotent: safe to run again. Prints the export lines the tests read (SENTINEL_TEST_PG_*).
# Usage: eval "$(.ci/pg-setup.sh)"   (diagnostics go to stderr)
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_PORT="${PG_PORT:-5432}"
DB_USER="${SENTINEL_PG_USER:-sentinel_test}"
DB_NAME="${SENTINEL_PG_DB:-sentinel_test}"
# A test-only credential for a loopback-only server; override with SENTINEL_PG_PASSWORD.
DB_PASSWORD="${SENTINEL_PG_PASSWORD:-sentinel_test_pw}"

log() { echo "pg-setup: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d "/usr/lib/postgresql/${PG_VERSION}" ]; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "${PG_VERSION}/${PG_CLUSTER}"; then
  log "creating cluster ${PG_VERSION}/${PG_CLUSTER}"
  pg_createcluster "${PG_VERSION}" "${PG_CLUSTER}" -p "${PG_PORT}" >&2
fi

# Loopback only: never listen on an external interface.
CONF_DIR="/etc/postgresql/${PG_VERSION}/${PG_CLUSTER}/conf.d"
mkdir -p "${CONF_DIR}"
cat > "${CONF_DIR}/sentinel-loopback.conf" <<CONF
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
CONF
chown postgres:postgres "${CONF_DIR}/sentinel-loopback.conf" 2>/dev/null || true

status=$(pg_lsclusters -h | awk -v v="${PG_VERSION}" -v c="${PG_CLUSTER}" '$1==v && $2==c {print $4}')
if [ "${status}" != "online" ]; then
  log "starting cluster"
  pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" start >&2
else
  pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" reload >&2 || true
fi

# Wait until it accepts connections.
for _ in $(seq 1 30); do
  if runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "${PG_PORT}"; then break; fi
  sleep 1
done
runuser -u postgres -- pg_isready -h 127.0.0.1 -p "${PG_PORT}" >&2

psql_admin() { runuser -u postgres -- psql -p "${PG_PORT}" -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'")" != "1" ]; then
  log "creating role ${DB_USER}"
  psql_admin -c "CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}'"
else
  psql_admin -c "ALTER ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASSWORD}'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'")" != "1" ]; then
  log "creating database ${DB_NAME}"
  psql_admin -c "CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}"
fi

echo "export SENTINEL_TEST_PG_URL='jdbc:postgresql://127.0.0.1:${PG_PORT}/${DB_NAME}'"
echo "export SENTINEL_TEST_PG_USER='${DB_USER}'"
echo "export SENTINEL_TEST_PG_PASSWORD='${DB_PASSWORD}'"
