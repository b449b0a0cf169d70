#!/usr/bin/env bash
# Compiles every lib and app (TypeScript project references; incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
printf '\033[1m==> %s\033[0m\n' "Building (tsc -b)"
PATH="$PWD/node_modules/.bin:$PATH" tsc -b tsconfig.json
