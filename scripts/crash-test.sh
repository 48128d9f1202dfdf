#!/usr/bin/env bash
# Crash test: concurrent writers against `trellis serve` while it is killed with SIGKILL again
# and again; afterwards every write the server acknowledged (201) must be stored exactly once.
#   scripts/crash-test.sh [CYCLES] [WRITERS]          SQLite in a temporary folder
#   DATABASE_URL=postgres://… scripts/crash-test.sh   an empty PostgreSQL database instead
# Prints the figures (acknowledged, stored, lost, duplicated) and exits 1 on any loss.
set -euo pipefail
cycles=${1:-10}
writers=${2:-8}
bin=${TRELLIS_BIN:-target/debug/trellis}
work=$(mktemp -d /tmp/trellis-crash.XXXXXX)
port=${PORT:-8137}
base="http://127.0.0.1:$port"
server=
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ -n "${DATABASE_URL:-}" ]; then db=(--database-url "$DATABASE_URL"); else db=(--data-dir "$work/data"); fi

"$bin" apply examples/northwind "${db[@]}" -m "crash test" > /dev/null
echo "a long crash-test password" | "$bin" user add crash@example.com --role leader --person dana --password-stdin "${db[@]}" > /dev/null
token=$("$bin" token create --user crash@example.com --name crash --scope write "${db[@]}" | grep '^trellis_')

start() {
  "$bin" serve "${db[@]}" --bind "127.0.0.1:$port" --shutdown-seconds 1 > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -s -o /dev/null "$base/login" && return 0; sleep 0.05; done
  echo "the server did not start"; cat "$work/serve.log"; exit 1
}

writer() {
  local w=$1 n=0
  while [ ! -e "$work/stop" ]; do
    n=$((n + 1))
    local text="crash-$w-$n"
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"team\":\"checkout\",\"quarter\":\"2026Q4\",\"text\":\"$text\"}" \
      "$base/api/v1/goals" || true)
    if [ "$code" = 201 ]; then echo "$text" >> "$work/acked-$w"; fi
  done
}

start
for w in $(seq "$writers"); do writer "$w" & done
for _ in $(seq "$cycles"); do
  sleep "0.$((RANDOM % 8 + 2))"
  kill -9 "$server"; wait "$server" 2>/dev/null || true
  start
done
touch "$work/stop"
wait $(jobs -p | grep -v "^$server\$") 2>/dev/null || true

cat "$work"/acked-* 2>/dev/null | sort > "$work/acked" || true
python3 - "$work/acked" "$base" "$token" "$cycles" "$writers" <<'EOF'
import json, sys, collections, urllib.request
acked = [l.strip() for l in open(sys.argv[1]) if l.strip()]
base, token = sys.argv[2], sys.argv[3]
goals, offset = [], 0
while True:  # every page of the quarter's goals
    req = urllib.request.Request(f"{base}/api/v1/goals?quarter=2026Q4&limit=1000&offset={offset}",
                                 headers={"Authorization": f"Bearer {token}"})
    page = json.load(urllib.request.urlopen(req))
    goals += page["items"]
    offset += len(page["items"])
    if not page["items"] or offset >= page["total"]:
        break
texts = collections.Counter(g["text"] for g in goals if g["text"].startswith("crash-"))
lost = [t for t in acked if t not in texts]
dup = [t for t, n in texts.items() if n > 1]
print(f"kill -9 cycles: {sys.argv[4]}, writers: {sys.argv[5]}, acknowledged: {len(acked)}, "
      f"stored: {sum(texts.values())}, lost: {len(lost)}, duplicated: {len(dup)}")
if lost or dup or not acked:
    print("lost:", lost[:10], "duplicated:", dup[:10], "acknowledged none" if not acked else "")
    sys.exit(1)
EOF
