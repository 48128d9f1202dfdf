#!/usr/bin/env bash
# Load test of the web app on a generated org (SPEC §11: dashboard p99 under 100 ms with 50
# concurrent clients on loopback). Needs a release build and wrk (Debian: apt-get install wrk).
#   scripts/load-test.sh [PEOPLE] [SECONDS]
# Uses a fresh SQLite database; set TRELLIS_DATABASE_URL to an empty PostgreSQL database to
# measure that instead.
set -euo pipefail
people=${1:-100000}
seconds=${2:-20}
bin=${TRELLIS_BIN:-target/release/trellis}
work=$(mktemp -d /tmp/trellis-load.XXXXXX)
port=${PORT:-8099}
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db=(--data-dir "$work/data")
[ -n "${TRELLIS_DATABASE_URL:-}" ] && db=(--database-url "$TRELLIS_DATABASE_URL")

"$bin" gen --people "$people" --seed 1 --out "$work/org" > /dev/null
/usr/bin/time -f 'apply: %e s, peak %M KB' "$bin" apply "$work/org" "${db[@]}" -m "load test" > /dev/null
# A second version with one person's title changed, so there are two versions to compare.
first=$(ls "$work/org/people"/*.yaml | head -1)
sed -i '0,/title: /s/title: /title: Acting /' "$first"
"$bin" apply "$work/org" "${db[@]}" -m "one title changed" > /dev/null
# The operating log: 100,000 decisions and 20,000 meetings at full size (DECISIONS=0 for none).
decisions=${DECISIONS:-$people}
if [ "$decisions" -gt 0 ]; then
  /usr/bin/time -f 'log gen: %e s' "$bin" log gen --decisions "$decisions" --meetings $((decisions / 5)) "${db[@]}" > /dev/null
fi
# Talent records: a calibration session rating everyone with a manager, and the rest (TALENT=0 for none).
if [ "${TALENT:-1}" -gt 0 ]; then
  /usr/bin/time -f 'talent gen: %e s' "$bin" talent gen "${db[@]}" > /dev/null
fi
echo "a long load-test password" | "$bin" user add load@example.com --role leader --password-stdin "${db[@]}" > /dev/null

"$bin" serve "${db[@]}" --bind "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done

# Sign in like a browser: the login form's CSRF cookie and field, then the session cookie.
csrf=$(curl -s -c "$work/jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null \
  --data-urlencode "email=load@example.com" --data-urlencode "password=a long load-test password" \
  --data-urlencode "csrf=$csrf" --data-urlencode "next=/" "http://127.0.0.1:$port/login"
session=$(awk '$6 == "trellis_session" { print $7 }' "$work/jar")
[ -n "$session" ] || { echo "could not sign in"; exit 1; }

# The first request builds the analysis of the version; time it, then load the warm server.
/usr/bin/time -f 'first dashboard (builds the analysis): %e s' \
  curl -s -o /dev/null -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port/"
team=$(curl -s -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port/teams" | grep -o 'href="/teams/[^"/]*"' | sed -n '5p' | cut -d'"' -f2)
person=$(curl -s -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port$team" | grep -o 'href="/people/[^"]*"' | sed -n '1p' | cut -d'"' -f2)
# A scenario with one move in it (the person leaves their manager), so the scenario pages are
# measured too: its first page builds the scenario's analysis and the comparison.
url="http://127.0.0.1:$port"
form_csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
csrf=$(curl -s -H "Cookie: trellis_session=$session" "$url/scenarios" | form_csrf)
/usr/bin/time -f 'start a scenario (copies the version in force): %e s' \
  curl -s -o /dev/null -H "Cookie: trellis_session=$session" -H "Origin: $url" \
  --data-urlencode "csrf=$csrf" --data-urlencode "name=Load test" "$url/scenarios"
edit=$(curl -s -H "Cookie: trellis_session=$session" "$url/scenarios/1$person/edit")
base=$(echo "$edit" | sed -n 's/.*name="base" value="\([0-9]*\)".*/\1/p' | head -1)
csrf=$(echo "$edit" | form_csrf)
/usr/bin/time -f 'a move in the scenario (checked, stored): %e s' \
  curl -s -o /dev/null -H "Cookie: trellis_session=$session" -H "Origin: $url" \
  --data-urlencode "csrf=$csrf" --data-urlencode "base=$base" --data-urlencode "reports_to=" "$url/scenarios/1$person/edit"
/usr/bin/time -f 'first scenario page (analyses the scenario, compares it): %e s' \
  curl -s -o /dev/null -H "Cookie: trellis_session=$session" "$url/scenarios/1"
/usr/bin/time -f 'first partnerships page (reads every pair from the log): %e s' \
  curl -s -o /dev/null -H "Cookie: trellis_session=$session" "$url/partnerships"
pair=$(curl -s -H "Cookie: trellis_session=$session" "$url/partnerships" | grep -o 'href="/partnerships/[^"?]*/[^"?]*"' | sed -n '1p' | cut -d'"' -f2)
paths=(/ "$team" "$person" /teams "/teams?page=100" "/teams?bucket=growth&page=3" /portfolio "/portfolio?goals=20" /findings "/findings?page=100" /org "/org${person#/people}/chart.json" /spans "/spans?band=2" /api/v1/org /log /decisions "/decisions?status=open&page=2" /escalations /handoffs /conflicts "/search?q=platform" "/search?q=an&kind=people&page=3" "/search/pick?kind=people&q=an" "/search/pick?kind=teams&q=pl" /versions "/versions/compare?from=1&to=2" /versions/2 /scenarios /scenarios/1 /partnerships "/partnerships?page=20" "$pair")
# ONLY="/a /b" measures just those pages (PAIR stands for the first partnership page).
[ -n "${ONLY:-}" ] && read -r -a paths <<< "${ONLY//PAIR/$pair}"
if [ "${TALENT:-1}" -gt 0 ]; then
  /usr/bin/time -f 'first talent page (builds the talent signals): %e s' \
    curl -s -o /dev/null -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port/talent"
  paths+=(/talent /talent/bench /talent/pipeline /talent/calibration/1 "/talent${person}")
fi
for path in "${paths[@]}"; do
  echo "== $path"
  # As a browser asks: gzip accepted. The size is of the body as sent.
  size=$(curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: gzip" -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port$path")
  echo "   sent: $size bytes (gzip)"
  wrk -t2 -c50 -d"${seconds}s" --latency -H "Accept-Encoding: gzip" -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port$path" \
    | grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx'
done
# Searches that differ on every request (the kept results do not help).
echo "== /search?kind=people&page=2&q=(a different two letters each time)"
wrk -t2 -c50 -d"${seconds}s" --latency -s "$(dirname "$0")/search-rotating.lua" -H "Accept-Encoding: gzip" \
  -H "Cookie: trellis_session=$session" "http://127.0.0.1:$port" | grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx'
# The dashboard as a manager: talent metrics for their own area (a second-line manager, the
# person most often named as someone's manager after the leader).
manager=$(grep -ho 'reports_to: [^ ,}]*' "$work/org"/people/*.yaml | awk '{print $2}' | sort | uniq -c | sort -rn | awk 'NR==2 {print $2}')
echo "a long load-test password" | "$bin" user add manager@example.com --role manager --person "$manager" --password-stdin "${db[@]}" > /dev/null
csrf=$(curl -s -c "$work/jar2" "http://127.0.0.1:$port/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$work/jar2" -c "$work/jar2" -o /dev/null \
  --data-urlencode "email=manager@example.com" --data-urlencode "password=a long load-test password" \
  --data-urlencode "csrf=$csrf" --data-urlencode "next=/" "http://127.0.0.1:$port/login"
msession=$(awk '$6 == "trellis_session" { print $7 }' "$work/jar2")
/usr/bin/time -f "first dashboard as manager $manager (their area's talent metrics): %e s" \
  curl -s -o /dev/null -H "Cookie: trellis_session=$msession" "http://127.0.0.1:$port/"
echo "== / as a manager"
wrk -t2 -c50 -d"${seconds}s" --latency -H "Cookie: trellis_session=$msession" "http://127.0.0.1:$port/" \
  | grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx'
# The director path as that manager (an account linked to a person): suggestions drawn from
# their records, the practice bank, the packet.
for path in /path /path/practice /path/packet /path/sharing /api/v1/path; do
  echo "== $path as a manager"
  wrk -t2 -c50 -d"${seconds}s" --latency -H "Accept-Encoding: gzip" -H "Cookie: trellis_session=$msession" "http://127.0.0.1:$port$path" \
    | grep -E 'Latency|50%|90%|99%|Requests/sec|Non-2xx'
done
echo "server peak memory: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
