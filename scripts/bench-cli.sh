#!/usr/bin/env bash
# CLI throughput against jq on generated JSON Lines trails (default 1,000,000 records each):
#   1. an ECS trail (every record ECS):     ecs-rtma classify            vs jq's select on eventSource
#   2. an organisation trail (~3 % ECS):    ecs-rtma classify --ecs-only vs the same jq filter,
#                                           and ecs-rtma classify (a verdict for every record)
#   scripts/bench-cli.sh [COUNT]
# Needs jq on PATH (Debian: apt-get install jq). Writes the trails to ${TMPDIR:-/tmp} and keeps them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-1000000}
trail="${TMPDIR:-/tmp}/ecsrtma-trail-$count.jsonl"
org="${TMPDIR:-/tmp}/ecsrtma-org-trail-$count.jsonl"

dotnet build bench/EcsRtma.Benchmarks -c Release -nologo -clp:ErrorsOnly
dotnet build src/EcsRtma.Cli -c Release -nologo -clp:ErrorsOnly
bench=bench/EcsRtma.Benchmarks/bin/Release/net10.0/EcsRtma.Benchmarks.dll
cli=src/EcsRtma.Cli/bin/Release/net10.0/ecs-rtma.dll
[ -f "$trail" ] || dotnet "$bench" generate "$count" "$trail"
[ -f "$org" ] || dotnet "$bench" generate-org "$count" "$org"
ls -l "$trail" "$org"

secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
filter='select(.eventSource == "ecs.amazonaws.com") | .eventName'
report() { printf '%-44s %8.2fs  %8d records/s  %5.2fx jq\n' "$1" "$2" "$(echo "$count / $2" | bc)" "$(echo "scale=2; $3 / $2" | bc)"; }

echo "== ECS trail ($count records, all ECS)"
jq1=$(secs jq -c "$filter" "$trail")
c1=$(secs dotnet "$cli" classify "$trail")
report "jq filter" "$jq1" "$jq1"
report "ecs-rtma classify" "$c1" "$jq1"

echo "== organisation trail ($count records, ~3 % ECS)"
jq2=$(secs jq -c "$filter" "$org")
c2=$(secs dotnet "$cli" classify --ecs-only "$org")
c3=$(secs dotnet "$cli" classify "$org")
report "jq filter" "$jq2" "$jq2"
report "ecs-rtma classify --ecs-only" "$c2" "$jq2"
report "ecs-rtma classify (every record)" "$c3" "$jq2"
