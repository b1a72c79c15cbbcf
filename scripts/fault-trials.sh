#!/usr/bin/env bash
# Runs the fault tests N times (default 5) on emulators of their own and prints, per trial and test,
# whether it passed and how long it took; a failing test's message says what was lost or doubled.
# Every fault test asserts nothing lost and nothing doubled, so a pass means exactly that.
#   scripts/fault-trials.sh [trials]        results and logs under artifacts/fault-trials/
# The faults: SQS restarted mid-drain, Azurite restarted while alerts are recorded, the channel down
# (503), black-holed or throttling past every retry and the circuit, unreachable long enough to raise its
# outage alert, the minute-long outage with the product's defaults (only here: ECSRTMA_LONG_TRIALS=1),
# and the local host killed with SIGKILL mid-batch and restarted (docs/RELIABILITY.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

trials="${1:-5}"
case "$trials" in
  ''|*[!0-9]*|0) echo "usage: scripts/fault-trials.sh [trials]   (trials: a whole number from 1, default 5)" >&2; exit 2 ;;
esac

out="artifacts/fault-trials/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
dotnet build EcsRtmaFunctions.sln -c Release -nologo -clp:ErrorsOnly

export ECSRTMA_LONG_TRIALS=1
passed=0; failed=0
for i in $(seq 1 "$trials"); do
  dotnet test tests/EcsRtma.Integration.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~FaultTests|FullyQualifiedName~HostKillTests" \
    --logger "trx;LogFileName=trial-$i.trx" --results-directory "$out" >"$out/trial-$i.log" 2>&1 || true
  trx="$out/trial-$i.trx"
  if [ ! -f "$trx" ]; then
    echo "trial $i: no results (see $out/trial-$i.log)"; failed=$((failed + 1)); continue
  fi
  grep -o '<UnitTestResult [^>]*>' "$trx" | while read -r result; do
    name=$(echo "$result" | grep -o 'testName="[^"]*"' | sed 's/testName="EcsRtma.Integration.Tests.//;s/"$//')
    outcome=$(echo "$result" | grep -o 'outcome="[^"]*"' | sed 's/outcome="//;s/"$//')
    duration=$(echo "$result" | grep -o 'duration="[^"]*"' | sed 's/duration="//;s/"$//;s/\.[0-9]*$//')
    echo "trial $i: $outcome  $duration  $name"
  done
  # Count test results only (the run's own summary also carries an outcome).
  p=$( (grep -o '<UnitTestResult [^>]*outcome="Passed"' "$trx" || true) | wc -l); f=$( (grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" || true) | wc -l)
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -gt 0 ]; then
    grep -A3 'Error Message' "$out/trial-$i.log" | sed "s/^/trial $i:   /" | head -20
  fi
done
echo "fault trials: $trials trials, $passed tests passed, $failed failed (logs: $out)"
[ "$failed" -eq 0 ]
