#!/usr/bin/env bash
# Runs each libFuzzer target for a set time (default 300 s) over seed corpora made from
# ../shared/conformance, Samples/ and Forms/. Crashes land in .fuzz/crashes/; turn each into
# a regression test. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCSVReader FuzzAnswerMatcher FuzzFormLoader FuzzCampaignLoader FuzzWorkbook)
bin=.build-fuzz/release
mkdir -p .fuzz/crashes

seed() {  # seed TARGET: fills .fuzz/seeds/TARGET once
  local dir=.fuzz/seeds/$1
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  case $1 in
    FuzzCSVReader)
      find ../shared/conformance Samples Tests/TallyCoreTests/Fixtures/shapes -name '*.csv' -size -64k -exec cp {} "$dir"/ \; 2>/dev/null || true ;;
    FuzzAnswerMatcher)
      for f in Samples/leadership/*.csv; do head -c 4000 "$f" > "$dir/$(basename "$f")"; done ;;
    FuzzFormLoader)
      cp Forms/*.yaml "$dir"/ ;;
    FuzzCampaignLoader)
      cp Samples/campaign.yaml "$dir"/
      # Each unit alone, and the campaign with extreme counts, as starting points.
      sed 's/issued: 60/issued: 9223372036854775807/' Samples/campaign.yaml > "$dir/huge-issued.yaml"
      sed 's/issued: 45/issued: -1/; s/issued: 80/issued: 1e308/' Samples/campaign.yaml > "$dir/odd-issued.yaml" ;;
    FuzzWorkbook)
      cp Tests/TallyCoreTests/Fixtures/workbooks/*.xlsx "$dir"/
      # Sheet XML as the reader meets it, unzipped from the fixtures.
      for book in Tests/TallyCoreTests/Fixtures/workbooks/*.xlsx; do
        unzip -p "$book" xl/worksheets/sheet1.xml | head -c 8000 > "$dir/$(basename "$book" .xlsx)-sheet.xml" || true
      done ;;
  esac
}

for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p ".fuzz/corpus/$target"
  echo "== $target for ${seconds}s"
  # Swift's backtracer reads the stack in ways ASan reports; libFuzzer prints its own.
  # Leaks of the toolchain and of ZIPFoundation (.lsan-suppressions) are not findings.
  # The loaders' numbers: a dictionary of values at and past every edge (Fuzz/extreme-numbers.dict).
  dict=()
  case $target in FuzzFormLoader|FuzzCampaignLoader) dict=(-dict=Fuzz/extreme-numbers.dict) ;; esac
  SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions="$PWD/.lsan-suppressions" "$bin/$target" ".fuzz/corpus/$target" ".fuzz/seeds/$target" "${dict[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 \
    -artifact_prefix=".fuzz/crashes/$target-" 2>&1 | tee ".fuzz/$target.log" | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" || true
done
ls .fuzz/crashes
