#!/usr/bin/env bash
# The whole test suite in one command, on a fresh machine: installs the pinned emulators and the
# CloudFormation specification from npm, Debian's chromium for the alert-board browser test,
# starts them on 127.0.0.1 (test ports), builds, runs every test project, and stops the emulators.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/emulators.sh install-cfnspec
scripts/browser.sh
export ECSRTMA_REQUIRE_BROWSER=1
scripts/emulators.sh start test
trap 'scripts/emulators.sh stop test' EXIT
eval "$(scripts/emulators.sh env test)"

dotnet build EcsRtmaFunctions.sln -c Release -nologo -clp:ErrorsOnly
dotnet test EcsRtmaFunctions.sln -c Release --no-build -nologo "$@"
