#!/usr/bin/env bash
# Reads right after writes on a big operating log (issue 13; budget: at 1,000,000 decisions a
# read right after a write answers in under 200 ms at p99, and the server stays under 1 GiB).
#   scripts/log-bench.sh [DECISIONS] [ROUNDS]
# Each round records a meeting with one decision through the API and at once reads the dashboard, the decision
# log and the signals; prints p50/p90/p99/max of each and the server's peak memory. Needs a
# release build. KEEP=DIR keeps (and on a later run reuses) the generated database in DIR;
# PEOPLE sets the org's size (default 10,000).
set -euo pipefail
decisions=${1:-1000000}
rounds=${2:-200}
people=${PEOPLE:-10000}
bin=${TRELLIS_BIN:-target/release/trellis}
port=${PORT:-8097}
work=${KEEP:-$(mktemp -d /tmp/trellis-logbench.XXXXXX)}
mkdir -p "$work"
cleanup() {
  kill "${server:-}" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
db=(--data-dir "$work/data")

if [ ! -e "$work/ready" ]; then
  "$bin" gen --people "$people" --seed 1 --out "$work/org" > /dev/null
  "$bin" apply "$work/org" "${db[@]}" -m "log bench" > /dev/null
  /usr/bin/time -f 'log gen: %e s' "$bin" log gen --decisions "$decisions" --meetings $((decisions / 5)) "${db[@]}" > /dev/null
  echo "a long bench password" | "$bin" user add bench@example.com --role leader --password-stdin "${db[@]}" > /dev/null
  touch "$work/ready"
fi
token=$("$bin" token create --user bench@example.com --name bench --scope write "${db[@]}" | grep -o 'trellis_[A-Za-z0-9_]*' | awk 'NR == 1')
[ -n "$token" ] || { echo "could not make a token"; exit 1; }
decider=$(cat "$work/org"/people/*.yaml | grep -o 'id: [a-z0-9.-]*' | awk 'NR == 1 { print $2 }')
ritual=$(grep -o '{ id: [a-z0-9-]*' "$work/org/org.yaml" | awk 'NR == 1 { print $3 }')

"$bin" serve "${db[@]}" --bind "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
csrf=$(curl -s -c "$work/jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null \
  --data-urlencode "email=bench@example.com" --data-urlencode "password=a long bench password" \
  --data-urlencode "csrf=$csrf" --data-urlencode "next=/" "http://127.0.0.1:$port/login"
session=$(awk '$6 == "trellis_session" { print $7 }' "$work/jar")
[ -n "$session" ] || { echo "could not sign in"; exit 1; }

check() { # "STATUS SECONDS" -> SECONDS, or stop on an answer other than 200 or 201
  read -r status seconds
  case "$status" in 200|201) echo "$seconds" ;; *) echo "answer $status" >&2; exit 1 ;; esac
}
get() { # PATH -> seconds
  case "$1" in
    /api/*) auth=(-H "Authorization: Bearer $token") ;;
    *) auth=(-H "Cookie: trellis_session=$session") ;;
  esac
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${auth[@]}" "http://127.0.0.1:$port$1" | check
}
echo "first dashboard (reads and analyses the whole log): $(get /) s; server peak memory so far $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
get /decisions > /dev/null
: > "$work/write" ; : > "$work/dash" ; : > "$work/log" ; : > "$work/signals"
for i in $(seq "$rounds"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d "{\"ritual\":\"$ritual\",\"date\":\"$(date -u +%F)\",\"decisions\":[{\"title\":\"Bench decision $i\",\"category\":\"roadmap\",\"decided_by\":\"$decider\"}]}" \
    "http://127.0.0.1:$port/api/v1/meetings" | check >> "$work/write"
  get / >> "$work/dash"
  get /decisions >> "$work/log"
  get /api/v1/log/signals >> "$work/signals"
done
# How long after the last write the pages show it (the analysis is rebuilt in the background).
wrote=$(date +%s.%N)
for _ in $(seq 600); do
  total=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/decisions?limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
  curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/decisions?limit=1&offset=$((total - 1))" \
    | grep -q "Bench decision $rounds\"" && break
  sleep 0.05
done
shown=$(echo "$(date +%s.%N) - $wrote" | bc)
stats() { # FILE LABEL
  sort -n "$1" | awk -v label="$2" '{ v[NR] = $1 } END {
    n = NR
    printf "%-36s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d)\n", label,
      v[int(n * 0.50 + 0.5)] * 1000, v[int(n * 0.90 + 0.5)] * 1000, v[int(n * 0.99 + 0.5)] * 1000, v[n] * 1000, n }'
}
echo "$decisions decisions, $people people, $rounds rounds of write then read:"
stats "$work/write" "POST /api/v1/meetings (a decision)"
stats "$work/dash" "/ right after the write"
stats "$work/log" "/decisions right after"
stats "$work/signals" "/api/v1/log/signals right after"
echo "the last write shown on the pages after $shown s"
echo "server memory: peak $(grep VmHWM /proc/$server/status | awk '{print $2, $3}'), now $(grep VmRSS /proc/$server/status | awk '{print $2, $3}')"
