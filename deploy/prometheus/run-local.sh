#!/usr/bin/env bash
# Runs Debian's prometheus against a local prefect-server-ts topology on one Postgres
# database: three API replicas (`start --no-services` on 127.0.0.1:4201-4203) and one
# `services` process (metrics on 127.0.0.1:9464), as prometheus.yml beside this script
# lists them. Prometheus runs as a child of this script (never as a system service) with a
# throw-away storage directory. Once every target has been scraped, the script queries the
# database pool gauges through Prometheus's HTTP API (/api/v1/query), prints them, lints one
# exposition with promtool, and stops everything it started.
#
# Needs Node 24 (through npx, as the project runs it) and a Postgres server: PGHOST, PGPORT,
# PGUSER, PGPASSWORD (default 127.0.0.1, 5432, postgres). The database
# $DEMO_DATABASE (default prefect_server_ts_prometheus) is created afresh and dropped at the
# end. Installs Debian's prometheus, jq and postgresql-client when missing (as root).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pghost=${PGHOST:-127.0.0.1}
pgport=${PGPORT:-5432}
pguser=${PGUSER:-postgres}
database=${DEMO_DATABASE:-prefect_server_ts_prometheus}
prometheus_port=${PROMETHEUS_PORT:-19090}
prometheus_url="http://127.0.0.1:$prometheus_port"
api_ports=(4201 4202 4203)
services_metrics_port=9464
work=$(mktemp -d)
pids=()

say() { printf '== %s\n' "$*"; }

install_missing() {
  local command=$1 package=$2
  command -v "$command" >/dev/null && return
  if [ "$(id -u)" != 0 ]; then
    echo "run-local.sh: $command is missing; install Debian's $package package" >&2
    exit 1
  fi
  say "installing Debian's $package"
  apt-get install -y -qq --no-install-recommends "$package" >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$package" >/dev/null; }
}

psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -h "$pghost" -p "$pgport" -U "$pguser" -d postgres -qX "$@"; }

stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT

# Waits up to $2 seconds for $1 to answer 200.
await_url() {
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "run-local.sh: $1 did not answer within $2 s; logs in $work:" >&2
      tail -n 20 "$work"/*.log >&2
      exit 1
    fi
    sleep 0.5
  done
}

query() { curl -fsS --get "$prometheus_url/api/v1/query" --data-urlencode "query=$1"; }

install_missing prometheus prometheus
install_missing jq jq
install_missing psql postgresql-client

node=$(cd "$root" && npx node -p process.execPath)
cli="$root/services/cli/src/main.ts"
credentials=$pguser${PGPASSWORD:+:$PGPASSWORD}
export PREFECT_API_DATABASE_CONNECTION_URL="postgresql://$credentials@$pghost:$pgport/$database"
# Migrated once here, so that the processes started below need not race to migrate.
export PREFECT_API_DATABASE_MIGRATE_ON_START=false

say "database $database on $pghost:$pgport"
psql_admin -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
"$node" "$cli" database upgrade

for port in "${api_ports[@]}"; do
  PREFECT_SERVER_API_PORT=$port "$node" "$cli" start --no-services >"$work/api-$port.log" 2>&1 &
  pids+=($!)
done
PREFECT_SERVER_TS_METRICS_PORT=$services_metrics_port "$node" "$cli" services >"$work/services.log" 2>&1 &
pids+=($!)
for port in "${api_ports[@]}"; do await_url "http://127.0.0.1:$port/api/health" 60; done
await_url "http://127.0.0.1:$services_metrics_port/api/metrics" 60
say "3 API replicas on ${api_ports[*]}, services metrics on $services_metrics_port"

prometheus --version 2>&1 | head -n 1
prometheus \
  --config.file="$here/prometheus.yml" \
  --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" \
  --log.level=warn >"$work/prometheus.log" 2>&1 &
pids+=($!)
await_url "$prometheus_url/-/ready" 60

say "waiting for Prometheus to scrape all 4 targets"
deadline=$((SECONDS + 60))
until [ "$(query 'sum(up)' | jq -r '.data.result[0].value[1] // 0')" = 4 ]; do
  if ((SECONDS > deadline)); then
    echo "run-local.sh: not every target was scraped within 60 s:" >&2
    curl -fsS "$prometheus_url/api/v1/targets" | jq -r '.data.activeTargets[] | "\(.scrapeUrl) \(.health) \(.lastError)"' >&2
    exit 1
  fi
  sleep 1
done

say "database pool gauges, through $prometheus_url/api/v1/query"
{
  printf 'job\tinstance\tconnections\tidle\tin_use\twaiting\n'
  query '{__name__=~"prefect_server_ts_database_pool_.*"}' | jq -r '
    .data.result
    | group_by(.metric.instance)[]
    | (map({ key: (.metric.__name__ | sub("^prefect_server_ts_database_pool_"; "")), value: .value[1] }) | from_entries) as $gauge
    | [.[0].metric.job, .[0].metric.instance, $gauge.connections, $gauge.idle_connections, $gauge.in_use_connections, $gauge.waiting_clients]
    | @tsv'
} | column -t -s $'\t'

say "promtool check metrics, on 127.0.0.1:${api_ports[0]}/api/metrics"
curl -fsS "http://127.0.0.1:${api_ports[0]}/api/metrics" | promtool check metrics
echo "no problems found"
