#!/usr/bin/env bash
# The reorg as a pull request: what a CI job runs on a change to the org files.
#   scripts/pr-check.sh BASE_REVISION ORG_PATH OUT_DIR
# Writes OUT_DIR/trellis.sarif (the findings of the change, for code scanning) and
# OUT_DIR/comment.md (what the change does against the base, for a pull-request comment).
# Exits 1 when the change introduces an error-level finding (FAIL_ON=warning to be stricter),
# 2 when either side cannot be read. Needs `trellis` on PATH (or TRELLIS=path) and git.
set -uo pipefail
base=${1:?the base revision, e.g. origin/main}
path=${2:?the folder of org files, e.g. org}
out=${3:?where to write trellis.sarif and comment.md}
trellis=${TRELLIS:-trellis}
mkdir -p "$out"
path=${path%/}
"$trellis" check "$path" --format sarif > "$out/trellis.sarif"
check=$?
[ "$check" -eq 2 ] && { echo "trellis check: the org files cannot be read" >&2; exit 2; }
"$trellis" diff "$base:$path/" "$path" --format md --fail-on-new "${FAIL_ON:-error}" > "$out/comment.md"
diff=$?
exit "$diff"
