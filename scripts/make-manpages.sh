#!/usr/bin/env bash
# Man pages made from --help by Debian's help2man: tally(1), one page per subcommand
# (tally-run(1), tally-forms-draft(1) …) and tally-server(1). The text is the --help text, so
# the pages never drift from the binary. Usage: make-manpages.sh TALLY TALLY_SERVER VERSION OUTDIR
set -euo pipefail
# help2man writes what it cannot encode in the locale as "?": the help text is UTF-8 Chinese.
export LC_ALL=C.UTF-8
tally=$(realpath "$1"); server=$(realpath "$2"); version=$3; out=$4
command -v help2man >/dev/null || { echo "error: help2man is missing: apt-get install -y help2man" >&2; exit 1; }
mkdir -p "$out"
# The subcommand names listed under SUBCOMMANDS: in a --help text.
subcommands() { "$@" --help | awk '/^SUBCOMMANDS:/{on=1; next} on && /^  [a-z]/{print $1} on && /^[^ ]/{on=0}'; }
page() { # name description command...
  local name=$1 description=$2; shift 2
  # help2man runs "PROGRAM --help" through the shell: a wrapper gives it one word.
  local wrapper; wrapper=$(mktemp -d)/$name
  printf '#!/bin/sh\nexec %s "$@"\n' "$*" > "$wrapper"; chmod +x "$wrapper"
  help2man --locale=C.UTF-8 --no-info --no-discard-stderr --version-string="$version" --section=1 \
    --name="$description" --output="$out/$name.1" "$wrapper"
  rm -rf "$(dirname "$wrapper")"
}
walk() { # prefix command...
  local prefix=$1; shift
  local sub
  for sub in $(subcommands "$@"); do
    [ "$sub" = help ] && continue
    local abstract
    # NAME's one line: the overview up to its first ': ' or '. ' (short, and ASCII: help2man
    # re-encodes --name as Latin-1).
    abstract=$("$@" "$sub" --help | awk '/^OVERVIEW: /{on=1; sub(/^OVERVIEW: /, "")} on && /^$/{on=0} on{printf "%s%s", sep, $0; sep=" "}' \
      | sed -e 's/: .*//' -e 's/\. .*//' -e 's/\.$//')
    page "$prefix-$sub" "$abstract" "$@" "$sub"
    walk "$prefix-$sub" "$@" "$sub"
  done
}
page tally "tally democratic-evaluation ballots and survey responses into an inspection report's figures" "$tally"
walk tally "$tally"
page tally-server "Tally's web app: campaigns, uploads, runs and reports in a browser" "$server"
