#!/usr/bin/env bash
# Regenerates the loom dumps that src/timeline.rs's tests render: each FIXTURE.rs here is a small exercise with one
# failing loom model; this builds the shim's loom variant the way the tutor does, runs each model with recording on,
# and keeps the dump as FIXTURE.jsonl. Run from anywhere after `cargo build -p std_or_loom` (which builds loom).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
deps="${CARGO_TARGET_DIR:-target}/debug/deps"
loom_rlib="$(ls -t "$deps"/libloom-*.rlib | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rustc --crate-type lib --crate-name std_or_loom --edition 2024 exercises/std_or_loom/src/lib.rs --cfg loom \
  -L "dependency=$deps" --extern "loom=$loom_rlib" --out-dir "$work"

for fixture in src/testdata/timeline/*.rs; do
  name="$(basename "$fixture" .rs)"
  # Relative to the repository root, as the tutor passes exercise files relative to the pack root: the dump's
  # locations are then `src/testdata/timeline/NAME.rs:LINE:COL`.
  rustc --edition 2024 --test --cfg loom "$fixture" -o "$work/$name" -L "dependency=$deps" \
    --extern "loom=$loom_rlib" --extern "std_or_loom=$work/libstd_or_loom.rlib"
  rm -f "src/testdata/timeline/$name.jsonl"
  # After a deadlock report the process usually aborts (loom's `Arc` cannot be dropped while the report unwinds);
  # the dump is written before that. The group's redirection keeps bash's "Aborted" notice quiet.
  status=0
  { TUTOR_TIMELINE="src/testdata/timeline/$name.jsonl" LOOM_MAX_PREEMPTIONS=2 RUST_BACKTRACE=0 \
    "$work/$name" --test-threads=1 >"$work/$name.out" 2>&1 || status=$?; } 2>/dev/null
  if [ "$status" -eq 0 ]; then
    echo "$name: the model passed, so there is nothing to capture" >&2
    exit 1
  fi
  [ -s "src/testdata/timeline/$name.jsonl" ] || { echo "$name: no dump written" >&2; cat "$work/$name.out" >&2; exit 1; }
  echo "$name: $(wc -l <"src/testdata/timeline/$name.jsonl") lines"
done
