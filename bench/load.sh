#!/usr/bin/env bash
# Load benchmark: the signed-in home page, the events pages and a static file, served by one
# portal on its embedded defaults (FerretDB + Bleve), over loopback only.
# Every run is bounded: wrk stops after DURATION, the portal is stopped after.
#
#   bench/load.sh            # 10 s per target, 16 connections, 2 threads
#   DURATION=30s CONNECTIONS=64 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/portal" ./cmd/portal
PORTAL_ADDR=127.0.0.1:$PORT PORTAL_BASE_URL=http://127.0.0.1:$PORT PORTAL_DATA_DIR=$work/data \
  "$work/portal" serve >"$work/portal.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

# Sign in as the demo candidate: the cookie jar then holds a signed-in session.
jar=$work/cookies
token=$(curl -s -c "$jar" -b "$jar" "$base/signin" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')
curl -s -o /dev/null -c "$jar" -b "$jar" -d "csrf_token=$token&account=candidate" "$base/auth/demo"
session=$(awk '$6 == "portal_session" {print $7}' "$jar")
curl -fs -H "Cookie: portal_session=$session" "$base/" | grep -q "Welcome back, Sanne" || { echo "sign-in failed" >&2; exit 1; }
css=$(curl -s "$base/" | grep -o '/static/[0-9a-f]*/css/app.css' | head -1)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "portal: $(go version | cut -d' ' -f3), embedded FerretDB + Bleve, demo community (63 members)"
echo
echo "== signed-in home page (GET / with a session cookie) =="
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: portal_session=$session" "$base/"
echo
echo "== events page, signed in (GET /events: search, the events read by id, the member's own events) =="
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: portal_session=$session" "$base/events"
echo
echo "== one event, signed in (GET /events/evt-01: the event, Markdown, calendar links) =="
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: portal_session=$session" "$base/events/evt-01"
echo
echo "== static file (GET $css) =="
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$base$css"
echo
echo "portal RSS after the runs: $(ps -o rss= -p "$pid" | awk '{printf "%.0f MiB", $1/1024}')"
