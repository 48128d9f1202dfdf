#!/usr/bin/env bash
# How long `trellis diff` takes on a generated org with a tenth of its people moved to another
# manager (issue 16: 100,000 people, 10% moved, under 1 s), and how long `trellis gen` takes.
#   scripts/diff-bench.sh [PEOPLE]
set -euo pipefail
people=${1:-100000}
bin=${TRELLIS_BIN:-target/release/trellis}
work=$(mktemp -d /tmp/trellis-diff.XXXXXX)
trap 'rm -rf "$work"' EXIT
/usr/bin/time -f "gen $people people: %e s, peak %M KB" "$bin" gen --people "$people" --seed 1 --out "$work/a" > /dev/null
cp -r "$work/a" "$work/b"
# Every tenth person with a manager moves under the manager of the person listed before them.
python3 - "$work/b" <<'PY'
import re, sys, pathlib
moved = 0
for f in sorted(pathlib.Path(sys.argv[1], "people").glob("*.yaml")):
    lines = f.read_text().split("\n")
    previous, k = None, 0
    for i, line in enumerate(lines):
        m = re.search(r"reports_to: ([^ ,}]+)", line)
        if not m:
            continue
        k += 1
        if k % 10 == 0 and previous and previous != m.group(1):
            lines[i] = line.replace(f"reports_to: {m.group(1)}", f"reports_to: {previous}")
            moved += 1
        previous = m.group(1)
    f.write_text("\n".join(lines))
print(f"moved {moved} people", file=sys.stderr)
PY
/usr/bin/time -f "diff: %e s, peak %M KB" "$bin" diff "$work/a" "$work/b" > "$work/report.txt"
head -12 "$work/report.txt" | sed -n '/Size/,$p'
grep -m1 "a new manager" "$work/report.txt" || true
