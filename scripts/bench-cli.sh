#!/usr/bin/env bash
# CLI throughput against jq on a generated JSON Lines trail (default 1,000,000 records).
#   scripts/bench-cli.sh [COUNT]
# Needs jq on PATH (Debian: apt-get install jq). Writes the trail to ${TMPDIR:-/tmp}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-1000000}
trail="${TMPDIR:-/tmp}/ecsrtma-trail-$count.jsonl"

dotnet build bench/EcsRtma.Benchmarks -c Release -nologo -clp:ErrorsOnly
dotnet build src/EcsRtma.Cli -c Release -nologo -clp:ErrorsOnly
[ -f "$trail" ] || dotnet bench/EcsRtma.Benchmarks/bin/Release/net10.0/EcsRtma.Benchmarks.dll generate "$count" "$trail"
ls -l "$trail"

secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
cli=$(secs dotnet src/EcsRtma.Cli/bin/Release/net10.0/ecs-rtma.dll classify "$trail")
jqs=$(secs jq -c 'select(.eventSource == "ecs.amazonaws.com") | .eventName' "$trail")
echo "ecs-rtma classify: ${cli}s  ($(echo "$count / $cli" | bc) records/s)"
echo "jq filter:         ${jqs}s  ($(echo "$count / $jqs" | bc) records/s)"
echo "ratio:             $(echo "scale=2; $jqs / $cli" | bc)x"
