#!/usr/bin/env bash
# The product's main job, locally, in one command: installs and starts the pinned emulators
# (Azurite, fauxqs) on 127.0.0.1, builds, seeds the SQS queue with the sample ECS events in
# samples/events, and runs the pipeline (drain → orchestration → webhook → ack) without the
# Functions host. Ctrl-C stops everything it started.
#
#   scripts/run-local.sh               fresh state every run
#   scripts/run-local.sh --keep-state  keep Azurite/queue state: in-flight escalations resume
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seed=(--seed samples/events)
if [ "${1:-}" = "--keep-state" ]; then
  seed=()
else
  scripts/emulators.sh stop dev >/dev/null 2>&1 || true
  rm -rf .local/emulators/dev
fi

scripts/emulators.sh start dev
trap 'scripts/emulators.sh stop dev' EXIT
dotnet build src/EcsRtma.Cli -c Release -nologo -clp:ErrorsOnly
dotnet src/EcsRtma.Cli/bin/Release/net10.0/ecs-rtma.dll run "${seed[@]}"
