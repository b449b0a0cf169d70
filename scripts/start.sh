#!/usr/bin/env bash
# npm start: installs what is missing, builds, then runs the whole platform on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec node apps/launcher/dist/main.js "$@"
