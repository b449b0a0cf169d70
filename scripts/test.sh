#!/usr/bin/env bash
# The whole suite: installs what is missing, builds, runs Jest (which starts its own private
# PostgreSQL and NATS), and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
bash scripts/build.sh || exit 1
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p .muon-test
rm -f .muon-test/jest.json
node --experimental-vm-modules node_modules/jest/bin/jest.js --json --outputFile=.muon-test/jest.json "$@"
status=$?
node -e '
  const fs = require("fs");
  const f = ".muon-test/jest.json";
  if (!fs.existsSync(f)) { console.log("0 passed, 1 failed"); process.exit(0); }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
'
exit $status
