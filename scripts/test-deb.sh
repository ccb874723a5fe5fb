#!/usr/bin/env bash
# Installs a tally .deb in a new minimal Debian root and checks it as a user would meet it:
#   1. debootstrap (minbase) a root of the same suite as this machine; apt installs the .deb
#      with what its Depends: names, nothing else of this machine's reaches the root;
#   2. tally run over the sample campaign there: every output byte-identical to the golden
#      digests (Tests/TallyCLITests/Fixtures/golden-outputs.sha256);
#   3. tally-server started as the service user on the workspace /var/lib/tally, GET / over
#      loopback, a campaign made through the API;
#   4. an upgrade to a newer version: the workspace and its campaign kept, a changed
#      /etc/default/tally-server kept, the server starts on it again;
#   5. remove (the programs gone, settings and workspace kept) and purge (settings gone, the
#      workspace kept and said so).
# systemd itself does not run in a chroot: the unit is checked with systemd-analyze verify on
# this machine instead, and the service's command line is run by hand as its user (step 3).
# Needs root, debootstrap and network access to a Debian mirror (MIRROR=…).
# Usage: scripts/test-deb.sh tally_<version>_<arch>.deb
set -euo pipefail
deb=$(realpath "$1")
cd "$(dirname "$0")/.."
project=$PWD
suite=${SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
mirror=${MIRROR:-http://deb.debian.org/debian}
root=$project/.build/deb-test/root
cache=$project/.build/deb-test/$suite-minbase.tgz
port=${PORT:-18188}
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }

cleanup() {
  # Every process running inside the root (a server a failed check left behind among them).
  local link pid
  for link in /proc/[0-9]*/root; do
    [ "$(readlink "$link" 2>/dev/null)" = "$root" ] || continue
    pid=${link#/proc/}; pid=${pid%/root}; kill "$pid" 2>/dev/null || true
  done
  rm -f "$root/run/tally-test.pid"
  for m in dev/pts dev proc; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  return 0
}
trap cleanup EXIT

step "A minimal $suite root (debootstrap --variant=minbase, from $mirror)"
cleanup; rm -rf "$root"; mkdir -p "$root"
if [ ! -f "$cache" ]; then
  debootstrap --variant=minbase --make-tarball="$cache" "$suite" "$root.tarball" "$mirror" > "$root.log" 2>&1 \
    || { tail -20 "$root.log"; fail "debootstrap could not download $suite"; }
  rm -rf "$root.tarball"
fi
debootstrap --variant=minbase --unpack-tarball="$cache" "$suite" "$root" "$mirror" > "$root.log" 2>&1 \
  || { tail -20 "$root.log"; fail "debootstrap failed"; }
mount -t proc proc "$root/proc"; mount --bind /dev "$root/dev"; mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "deb $mirror $suite main" > "$root/etc/apt/sources.list"
in_root dpkg-query -W -f '${Package}\n' | grep -Ex 'libcsv3|libxlsxwriter.*|libsqlite3-0' && fail "the new root already has a library the package must bring"
echo "ok: $(in_root dpkg-query -W -f '.\n' | wc -l) packages, none of libcsv, libxlsxwriter, libsqlite3"

step "apt install ./$(basename "$deb")"
cp "$deb" "$root/tmp/tally.deb"
in_root apt-get update -qq > /dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/tally.deb > "$root.install.log" 2>&1 \
  || { cat "$root.install.log"; fail "the package did not install"; }
grep '^tally: ' "$root.install.log" || true
in_root dpkg-query -W -f '${Status} ${Version}\n' tally
in_root tally --version
getent_user=$(in_root getent passwd tally) || fail "no service user tally"
echo "ok: service user $getent_user"
# Owners by the root's own user names (the build machine's would name other users).
owner() { in_root stat -c '%U:%G %a' "$1"; }
[ "$(owner /var/lib/tally)" = "tally:tally 750" ] || fail "/var/lib/tally is $(owner /var/lib/tally)"
[ "$(owner /etc/tally)" = "root:tally 750" ] || fail "/etc/tally is $(owner /etc/tally)"
echo "ok: /var/lib/tally tally:tally 750, /etc/tally root:tally 750"
in_root man -w tally-run > /dev/null 2>&1 || [ -f "$root/usr/share/man/man1/tally-run.1.gz" ] || fail "no man page tally-run(1)"

step "tally run over the sample campaign, compared with the golden digests"
check=$root/srv/tally-check
mkdir -p "$check/scripts" "$check/Tests/TallyCLITests/Fixtures"
cp -r Samples "$check/"
cp scripts/golden-outputs.sh "$check/scripts/"
cp -r Tests/TallyCLITests/Fixtures/golden "$check/Tests/TallyCLITests/Fixtures/"
in_root chown -R tally:tally /srv/tally-check
in_root setpriv --reuid=tally --regid=tally --clear-groups bash /srv/tally-check/scripts/golden-outputs.sh \
  /usr/bin/tally /srv/tally-check/out --no-survey > "$check.digests"
grep -v '^[0-9a-f]*  survey/' Tests/TallyCLITests/Fixtures/golden-outputs.sha256 > "$check.expected"
if ! diff -u "$check.expected" "$check.digests" > "$check.diff"; then
  head -30 "$check.diff"; fail "outputs differ from the golden digests"
fi
echo "ok: $(wc -l < "$check.digests") output files byte-identical to the golden digests (the 20,000-row survey left out: it needs Python)"

start_server() { # [more options]
  curl -s -o /dev/null "http://127.0.0.1:$port/" && fail "something already answers on port $port: PORT=… picks another"
  # chroot itself in the background (not the in_root function, whose subshell would get the pid).
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    setpriv --reuid=tally --regid=tally --init-groups /usr/bin/tally-server --dir /var/lib/tally \
    --host 127.0.0.1 --port "$port" "$@" > "$root/tmp/server.log" 2>&1 &
  echo $! > "$root/run/tally-test.pid"
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/forms" && return 0; sleep 0.2; done
  cat "$root/tmp/server.log"; fail "tally-server did not start"
}
stop_server() {
  kill "$(cat "$root/run/tally-test.pid")"; wait "$(cat "$root/run/tally-test.pid")" 2>/dev/null || true; rm -f "$root/run/tally-test.pid"
}
api() { # method path [json]
  local token; token=$(in_root setpriv --reuid=tally --regid=tally --clear-groups /usr/bin/tally-server --dir /var/lib/tally --print-token)
  curl -s -f -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+--data "$3"} "http://127.0.0.1:$port$2"
}

step "tally-server as the service user on /var/lib/tally"
start_server
page=$(curl -s -f "http://127.0.0.1:$port/") || fail "GET / failed"
grep -q '<html' <<< "$page" || fail "GET / is not a page"
echo "ok: GET / $(wc -c <<< "$page") bytes: $(grep -o '<title>[^<]*</title>' <<< "$page")"
api POST /api/v1/campaigns '{"title":"升级前的测评","form":"leadership-evaluation","units":[{"name":"县司法局","issued":60}]}' > /dev/null \
  || fail "could not make a campaign"
api GET /api/v1/campaigns/1 | grep -q '升级前的测评' || fail "the campaign is not listed"
stop_server
[ "$(in_root stat -c %U /var/lib/tally/tally.sqlite)" = tally ] || fail "the database is not the service user's"
echo "ok: a campaign made; the workspace is the service user's ($(ls "$root/var/lib/tally" | tr '\n' ' '))"

step "A hashed password in /etc/tally/password, read by the service user only"
echo 'office-pass-2026' | in_root /usr/bin/tally-server --hash-password > "$root/etc/tally/password"
in_root chgrp tally /etc/tally/password; in_root chmod 640 /etc/tally/password
grep -q '^scrypt\$15\$8\$1\$' "$root/etc/tally/password" || fail "--hash-password wrote no hash"
start_server --password-file /etc/tally/password
status=$(curl -s -o "$root/tmp/login.html" -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$status" = 401 ] && grep -q 'name="password"' "$root/tmp/login.html" || fail "GET / without login answered $status, not the login page"
wrong=$(curl -s -o /dev/null -w '%{http_code}' --data 'password=office-pass-2025' "http://127.0.0.1:$port/login")
[ "$wrong" = 401 ] || fail "a wrong password answered $wrong"
curl -s -D - -o /dev/null --data 'password=office-pass-2026' "http://127.0.0.1:$port/login" | grep -qi '^set-cookie: tally_session=' \
  || fail "the right password opened no session"
stop_server
rm "$root/etc/tally/password"
echo "ok: login required; the wrong password 401, the right one opens a session (the file holds only its scrypt hash)"

step "Upgrade to a newer version"
version=$(dpkg-deb -f "$deb" Version)
newer=$root.newer; rm -rf "$newer"; dpkg-deb -R "$deb" "$newer"
sed -i "s/^Version: .*/Version: $version+upgrade1/" "$newer/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz -b "$newer" "$root/tmp/tally-newer.deb" > /dev/null
sed -i 's/^TALLY_OPTIONS=.*/TALLY_OPTIONS="--host 127.0.0.1 --port 8090"/' "$root/etc/default/tally-server"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold /tmp/tally-newer.deb \
  > "$root.upgrade.log" 2>&1 || { cat "$root.upgrade.log"; fail "the upgrade did not install"; }
in_root dpkg-query -W -f '${Version}\n' tally | grep -qx "$version+upgrade1" || fail "the version did not change"
grep -q 'port 8090' "$root/etc/default/tally-server" || fail "the changed /etc/default/tally-server was replaced"
start_server
api GET /api/v1/campaigns/1 | grep -q '升级前的测评' || fail "the campaign is gone after the upgrade"
stop_server
echo "ok: $version -> $version+upgrade1: the campaign and the changed settings kept, the server starts on the workspace"

step "Remove, then purge"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tally > /dev/null 2>&1 || fail "remove failed"
[ ! -e "$root/usr/bin/tally" ] && [ ! -e "$root/usr/bin/tally-server" ] || fail "the programs are still there after remove"
[ -f "$root/etc/default/tally-server" ] && [ -f "$root/var/lib/tally/tally.sqlite" ] || fail "remove took settings or the workspace"
echo "ok: remove: programs gone; settings and workspace kept"
in_root dpkg --purge tally > "$root.purge.log" 2>&1 || { cat "$root.purge.log"; fail "purge failed"; }
grep '^tally: ' "$root.purge.log" || true
[ ! -e "$root/etc/default/tally-server" ] && [ ! -e "$root/etc/tally" ] || fail "purge left the settings"
[ -f "$root/var/lib/tally/tally.sqlite" ] || fail "purge removed the workspace"
echo "ok: purge: settings gone; the workspace kept"

step "The service unit (systemd does not run in a chroot: checked with systemd-analyze on this machine)"
if command -v systemd-analyze >/dev/null; then
  unit=$project/.build/deb-test/unit; rm -rf "$unit"; mkdir -p "$unit"
  sed "s|/usr/bin/tally-server|$(command -v true)|" packaging/debian/tally-server.service > "$unit/tally-server.service"
  complaints=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$unit/tally-server.service" 2>&1 | grep -v 'Failed to connect\|not running' || true)
  [ -z "$complaints" ] || { echo "$complaints"; fail "systemd-analyze verify complains about the unit"; }
  exposure=$(systemd-analyze security --offline=true "$unit/tally-server.service" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: //p')
  echo "ok: systemd-analyze verify: no complaint; systemd-analyze security: exposure $exposure"
else
  echo "note: systemd-analyze is missing: the unit was not checked"
fi
printf '\nAll checks passed for %s.\n' "$(basename "$deb")"
