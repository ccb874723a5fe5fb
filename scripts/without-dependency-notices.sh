#!/usr/bin/env bash
# Runs a command (swift build or test) and passes all its output through but for one notice:
# SwiftPM's "found N file(s) which are unhandled" about a file a *dependency's* own manifest
# leaves undeclared (ZIPFoundation 0.9.20's PrivacyInfo.xcprivacy, swift-distributed-tracing's
# CMakeLists.txt): not ours to fix, and not a warning about our code, which is shown whole.
# The notice is dropped only when every path it lists is under .build/checkouts/.
# Also dropped: "prohibited flag(s): -pthread", SwiftPM's word that it leaves out a flag
# pkg-config gives for glib (cairo, pango, poppler, gdk-pixbuf); Swift links threads anyway.
# The exit status is the command's.
set -o pipefail
"$@" 2>&1 | awk '
  # A held notice is printed unless every path it listed is under a checkouts folder.
  function release() { if (held != "" && !dependency) printf "%s", held; held = "" }
  /^warning: .*: found [0-9]+ file\(s\) which are unhandled; explicitly declare them as resources or exclude from the target$/ {
    release(); held = $0 "\n"; dependency = 1; next
  }
  held != "" && /^    \// { held = held $0 "\n"; if ($0 !~ /\/\.build[^\/]*\/checkouts\//) dependency = 0; next }
  /^warning: prohibited flag\(s\): -pthread(, -pthread)*$/ { next }
  { release(); print; fflush() }
  END { release() }'
