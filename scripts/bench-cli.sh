#!/usr/bin/env bash
# CLI throughput against jq on generated JSON Lines trails (default 1,000,000 records each):
#   1. an ECS trail (every record ECS):     ecs-rtma classify            vs jq's select on eventSource
#   2. an organisation trail (~3 % ECS):    ecs-rtma classify --ecs-only vs the same jq filter,
#                                           and ecs-rtma classify (a verdict for every record)
#   scripts/bench-cli.sh [COUNT]        (RUNS=3: each command runs RUNS times, interleaved; the best time counts)
# Needs jq on PATH (Debian: apt-get install jq). Writes the trails to ${TMPDIR:-/tmp} and keeps them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-1000000}
runs=${RUNS:-3}
trail="${TMPDIR:-/tmp}/ecsrtma-trail-$count.jsonl"
org="${TMPDIR:-/tmp}/ecsrtma-org-trail-$count.jsonl"

dotnet build bench/EcsRtma.Benchmarks -c Release -nologo -clp:ErrorsOnly
dotnet build src/EcsRtma.Cli -c Release -nologo -clp:ErrorsOnly
bench=bench/EcsRtma.Benchmarks/bin/Release/net10.0/EcsRtma.Benchmarks.dll
cli=src/EcsRtma.Cli/bin/Release/net10.0/ecs-rtma.dll
[ -f "$trail" ] || dotnet "$bench" generate "$count" "$trail"
[ -f "$org" ] || dotnet "$bench" generate-org "$count" "$org"
ls -l "$trail" "$org"

command -v jq > /dev/null || { echo "bench-cli: jq is not on PATH (Debian: apt-get install jq)" >&2; exit 2; }
# A command that fails is never timed: the script stops and says which one.
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || { echo "bench-cli: failed: $*" >&2; return 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
filter='select(.eventSource == "ecs.amazonaws.com") | .eventName'
report() { printf '%-44s %8.2fs  %8d records/s  %5.2fx jq\n' "$1" "$2" "$(echo "$count / $2" | bc)" "$(echo "scale=2; $3 / $2" | bc)"; }

best() { printf '%s\n' "$@" | sort -n | head -1; }

echo "== ECS trail ($count records, all ECS; best of $runs)"
j=(); c=()
for _ in $(seq "$runs"); do
  j+=("$(secs jq -c "$filter" "$trail")"); c+=("$(secs dotnet "$cli" classify "$trail")")
done
jq1=$(best "${j[@]}"); c1=$(best "${c[@]}")
report "jq filter" "$jq1" "$jq1"
report "ecs-rtma classify" "$c1" "$jq1"

echo "== organisation trail ($count records, ~3 % ECS; best of $runs)"
j=(); e=(); a=()
for _ in $(seq "$runs"); do
  j+=("$(secs jq -c "$filter" "$org")"); e+=("$(secs dotnet "$cli" classify --ecs-only "$org")"); a+=("$(secs dotnet "$cli" classify "$org")")
done
jq2=$(best "${j[@]}"); c2=$(best "${e[@]}"); c3=$(best "${a[@]}")
report "jq filter" "$jq2" "$jq2"
report "ecs-rtma classify --ecs-only" "$c2" "$jq2"
report "ecs-rtma classify (every record)" "$c3" "$jq2"
