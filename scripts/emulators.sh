#!/usr/bin/env bash
# Installs (pinned, from npm) and starts/stops the local emulators EcsRtma needs:
#   Azurite 3.37.0 (Blob/Queue/Table) and fauxqs 2.4.1 (SQS, on the Node 22 it pins).
# Everything binds to 127.0.0.1. State lives under .local/ (git-ignored).
#
#   scripts/emulators.sh install                 # npm ci into tools/emulators/node_modules
#   scripts/emulators.sh start <profile>         # profile: dev (default ports) | test (separate ports)
#                                                # | fault (ports of their own, for the restart tests)
#                                                # | load (dev ports, Azurite state in memory only and
#                                                #   one process per service: the load harness; Azurite's
#                                                #   on-disk mode rewrites its whole database every 5 s)
#   scripts/emulators.sh stop <profile>
#   scripts/emulators.sh start-one|stop-one <profile> azurite|fauxqs   # restart one emulator (fault tests)
#   scripts/emulators.sh env <profile>           # prints the export lines for the profile's endpoints
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tools/emulators"
bin="$tools/node_modules/.bin"

profile_ports() {
  case "${1:-dev}" in
    dev|load)  blob=10000; queue=10001; table=10002; sqs=9324 ;;
    test) blob=${ECSRTMA_TEST_BLOB_PORT:-20000}; queue=$((blob + 1)); table=$((blob + 2)); sqs=${ECSRTMA_TEST_SQS_PORT:-29324} ;;
    fault) blob=${ECSRTMA_FAULT_BLOB_PORT:-21000}; queue=$((blob + 1)); table=$((blob + 2)); sqs=${ECSRTMA_FAULT_SQS_PORT:-29325} ;;
    *) echo "unknown profile '$1' (expected dev, test, fault or load)" >&2; exit 2 ;;
  esac
  state="$root/.local/emulators/${1:-dev}"
}

install() {
  if [ -x "$bin/azurite" ] && [ -x "$bin/node" ] && [ -d "$tools/node_modules/fauxqs" ] \
     && cmp -s "$tools/package-lock.json" "$tools/node_modules/.package-lock.json.installed" 2>/dev/null; then
    return 0
  fi
  echo "installing pinned emulators (npm ci) into tools/emulators/node_modules ..." >&2
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$tools/package-lock.json" "$tools/node_modules/.package-lock.json.installed"
}

# The CloudFormation resource specification (npm @aws-cdk/cfnspec, pinned) for the infra tests.
install_cfnspec() {
  local dir="$root/tools/cfnspec"
  if cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
    return 0
  fi
  echo "installing the pinned CloudFormation specification (npm ci) into tools/cfnspec/node_modules ..." >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed"
}

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$name did not start listening on 127.0.0.1:$port; see its log in $state" >&2
  return 1
}

start() {
  profile_ports "$1"
  install
  mkdir -p "$state/azurite"
  stop "$1" >/dev/null 2>&1 || true
  for port in "$blob" "$queue" "$table" "$sqs"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "127.0.0.1:$port is already in use by another process; stop it (or set ECSRTMA_TEST_BLOB_PORT/ECSRTMA_TEST_SQS_PORT for the test profile)" >&2
      exit 1
    fi
  done
  start_one "$1" azurite
  start_one "$1" fauxqs
  echo "emulators ($1) up: azurite blob:$blob queue:$queue table:$table, fauxqs sqs:$sqs" >&2
}

# Starts one emulator of a profile (Azurite keeps its state on disk; fauxqs starts empty).
start_one() {
  profile_ports "$1"
  mkdir -p "$state/azurite"
  case "$2" in
    azurite)
      local common=(--silent --skipApiVersionCheck --disableTelemetry --loose)
      if [ "${1:-dev}" = load ]; then
        # One process per service: each Azurite service is a single-threaded Node event loop, and
        # under load its queue service alone fills a core (docs/PERFORMANCE.md), so the table
        # service gets a core of its own.
        local pids=()
        "$bin/azurite-blob" "${common[@]}" --blobHost 127.0.0.1 --blobPort "$blob" --inMemoryPersistence >>"$state/azurite.log" 2>&1 &
        pids+=($!)
        "$bin/azurite-queue" "${common[@]}" --queueHost 127.0.0.1 --queuePort "$queue" --inMemoryPersistence >>"$state/azurite.log" 2>&1 &
        pids+=($!)
        "$bin/azurite-table" "${common[@]}" --tableHost 127.0.0.1 --tablePort "$table" --inMemoryPersistence >>"$state/azurite.log" 2>&1 &
        pids+=($!)
        echo "${pids[*]}" >"$state/azurite.pid"
      else
        "$bin/azurite" "${common[@]}" \
          --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
          --tableHost 127.0.0.1 --tablePort "$table" --location "$state/azurite" \
          >>"$state/azurite.log" 2>&1 &
        echo $! >"$state/azurite.pid"
      fi
      wait_port "$blob" azurite && wait_port "$queue" azurite && wait_port "$table" azurite ;;
    fauxqs)
      "$bin/node" --no-warnings "$tools/fauxqs-launcher.mjs" "$sqs" >>"$state/fauxqs.log" 2>&1 &
      echo $! >"$state/fauxqs.pid"
      wait_port "$sqs" fauxqs ;;
    *) echo "unknown emulator '$2' (expected azurite or fauxqs)" >&2; exit 2 ;;
  esac
}

stop_one() {
  profile_ports "$1"
  local name=$2
  if [ -f "$state/$name.pid" ]; then
    for pid in $(cat "$state/$name.pid"); do
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    done
    rm -f "$state/$name.pid"
  fi
}

stop() {
  profile_ports "$1"
  for name in fauxqs azurite; do
    stop_one "$1" "$name"
  done
  # Orphans of this profile (e.g. a test host killed before it could stop what it started).
  pkill -f -- "--location $state/azurite" 2>/dev/null || true
  if [ "${1:-dev}" = load ]; then
    for port in "--blobPort $blob" "--queuePort $queue" "--tablePort $table"; do
      pkill -f -- "$port --inMemoryPersistence" 2>/dev/null || true
    done
  fi
  pkill -f -- "fauxqs-launcher.mjs $sqs\$" 2>/dev/null || true
}

print_env() {
  profile_ports "$1"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  echo "export ECSRTMA_STORAGE_CONNECTION='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;'"
  echo "export ECSRTMA_SQS_SERVICE_URL='http://127.0.0.1:$sqs'"
}

case "${1:-}" in
  install) install; install_cfnspec ;;
  install-cfnspec) install_cfnspec ;;
  start) start "${2:-dev}" ;;
  stop) stop "${2:-dev}" ;;
  start-one) install; start_one "${2:?profile}" "${3:?emulator}" ;;
  stop-one) stop_one "${2:?profile}" "${3:?emulator}" ;;
  env) print_env "${2:-dev}" ;;
  *) echo "usage: $0 install | start [dev|test|fault|load] | stop [dev|test|fault|load] | start-one|stop-one PROFILE azurite|fauxqs | env [dev|test|fault|load]" >&2; exit 2 ;;
esac
