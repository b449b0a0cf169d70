#!/usr/bin/env bash
# npm run bench: installs what is missing, builds, type-checks the benchmark, then runs it
# (bench/main.ts, straight from source with Node 24's type stripping). Not part of `npm test`.
# Against MUON_API_URL if set; otherwise a private PostgreSQL + platform that it stops at the end.
# Options: --profile, --quick [--docs], --no-docs, --help (see bench/main.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
export PATH="$PWD/node_modules/.bin:$PATH"
printf '\033[1m==> %s\033[0m\n' "Type-checking the benchmark (bench/)"
tsc -p bench/tsconfig.json
printf '\033[1m==> %s\033[0m\n' "Benchmarking"
exec node bench/main.ts "$@"
