#!/usr/bin/env bash
# Writes every output tally makes for the bundled samples, the sample campaign and the
# 20,000-row seed-7 survey that `make verify` generates, then prints one line per file:
# its SHA-256 and its path under OUT. Tests/TallyCLITests/GoldenOutputTests.swift compares
# these lines with Tests/TallyCLITests/Fixtures/golden-outputs.sha256, taken before a change
# that must not move a byte. Regenerate that file only for a change of output you reviewed:
#   scripts/golden-outputs.sh .build/debug/tally .build/golden > Tests/TallyCLITests/Fixtures/golden-outputs.sha256
# Usage: golden-outputs.sh TALLY OUT [--no-survey]
set -euo pipefail
tally=$(realpath "$1"); out=$2; survey=${3:-}
cd "$(dirname "$0")/.."
rm -rf "$out"; mkdir -p "$out"
score() { # name form file [unit]
  local name=$1 form=$2 file=$3 unit=${4:-}
  local args=(score --form "$form" "$file" --out "$out/$name" --quiet)
  [ -n "$unit" ] && args+=(--unit "$unit")
  "$tally" "${args[@]}"
}
score leadership-utf8 leadership-evaluation Samples/leadership/wjx-text-utf8.csv 县司法局
score leadership-bom-crlf leadership-evaluation Samples/leadership/wjx-text-bom-crlf.csv 县司法局
score leadership-gb18030 leadership-evaluation Samples/leadership/wjx-text-gb18030.csv 县司法局
score leadership-by-hand leadership-evaluation Samples/leadership/excel-by-hand-gb18030.csv 县公安局
score public public-satisfaction Samples/public/satisfaction-wjx.csv
score cadre-selection cadre-selection-review Samples/cadre-selection/wjx-text.csv 样本单位
score integrity integrity-survey Samples/integrity/wjx-text.csv 样本单位
score public-safety public-safety-survey Samples/public-safety/wjx-text.csv 样本单位
score leader-scoring leader-scoring Samples/leader-scoring/wjx-text.csv 样本单位
# Against a baseline (every rate's change), in Chinese and in English.
"$tally" score --form leadership-evaluation Samples/leadership/excel-by-hand-gb18030.csv --unit 县司法局 \
  --baseline Samples/leadership/expected-results.json --out "$out/baseline-zh" --quiet
"$tally" score --form Tests/TallyCLITests/Fixtures/golden/leadership-en.yaml Samples/leadership/excel-by-hand-gb18030.csv --unit 县司法局 \
  --baseline Samples/leadership/expected-results.json --issued 45 --out "$out/baseline-en" --quiet
"$tally" run Samples/campaign.yaml --out "$out/campaign" --quiet 2>/dev/null
if [ "$survey" != "--no-survey" ]; then
  form=$(realpath ../shared/bench/county-survey.yaml)
  python3 ../shared/bench/gen_survey.py --rows 20000 --seed 7 --out "$out/survey-seed7.csv" >/dev/null
  # Relative to OUT, so that results.json names the same file wherever OUT is.
  (cd "$out" && "$tally" score --form "$form" survey-seed7.csv --out survey --quiet && rm survey-seed7.csv)
fi
# evidence.json names the commit tally was built from, so it changes with every commit: it is
# left out here (CommandTests checks that two runs write it byte for byte alike).
cd "$out" && find . -type f ! -name evidence.json | LC_ALL=C sort | sed 's|^\./||' | while read -r f; do
  printf '%s  %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$f"
done
