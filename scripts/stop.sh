#!/usr/bin/env bash
# npm stop: asks a running `npm start` (by the pid it recorded) to shut everything down.
set -uo pipefail
cd "$(dirname "$0")/.."
pidfile=.muon/launcher.pid
if [ ! -s "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "Muon is not running"; exit 0
fi
pid=$(cat "$pidfile")
kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || { echo "Muon stopped"; exit 0; }; sleep 0.1; done
echo "Muon (pid $pid) did not stop within 30 s" >&2; exit 1
