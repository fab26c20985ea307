#!/usr/bin/env bash
# The whole pipeline on the sample corpus. Called by `make demo` with BIN and OUT set.
set -euo pipefail
BIN=${BIN:-.venv/bin}
OUT=${OUT:-demo-output}
mkdir -p "$OUT"
DB="$OUT/accord.db"
accord() { "$BIN/accord" "$@"; }

echo "== 1. corpus: ingest the sample articles"
accord ingest examples/corpus --db "$DB"
accord corpus clusters --db "$DB"

echo
echo "Output: $OUT/ (database $DB)"
