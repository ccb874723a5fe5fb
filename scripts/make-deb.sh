#!/usr/bin/env bash
# Builds tally_<version>_<arch>.deb: tally and tally-server in release with the Swift runtime
# linked in (--static-swift-stdlib), the built-in forms, the samples, man pages made from
# --help, the docs, and the service (packaging/debian). Depends: is what dpkg-shlibdeps finds
# the two binaries load, never written by hand.
# Usage: scripts/make-deb.sh [OUTDIR]   (default: the project folder). VERSION= overrides the version.
set -euo pipefail
cd "$(dirname "$0")/.."
outdir=${1:-.}
version=${VERSION:-$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/TallyRender/Evidence/Evidence.swift)}
arch=$(dpkg --print-architecture)
stage=.build/deb
root=$stage/root
say() { printf '%s\n' "$*" >&2; }

say "Building tally and tally-server in release (several minutes the first time; the log is in $stage/build.log) ..."
mkdir -p "$stage"
{
  swift build -c release --static-swift-stdlib --product tally
  (cd Server && swift build -c release --static-swift-stdlib --product tally-server)
} > "$stage/build.log" 2>&1 || { tail -40 "$stage/build.log" >&2; exit 1; }

rm -rf "$root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/tally/forms" "$root/usr/share/man/man1" \
  "$root/usr/share/doc/tally/examples" "$root/lib/systemd/system" "$root/etc/default"
install -m 755 -s .build/release/tally "$root/usr/bin/tally"
install -m 755 -s Server/.build/release/tally-server "$root/usr/bin/tally-server"
install -m 644 Forms/*.yaml "$root/usr/share/tally/forms/"
cp -r Samples/. "$root/usr/share/doc/tally/examples/"
install -m 644 README.md "$root/usr/share/doc/tally/"
install -m 644 docs/*.md "$root/usr/share/doc/tally/"
cp -r docs/images "$root/usr/share/doc/tally/images"
install -m 644 packaging/debian/copyright "$root/usr/share/doc/tally/copyright"
install -m 644 packaging/debian/tally-server.service "$root/lib/systemd/system/"
install -m 644 packaging/debian/tally-server.default "$root/etc/default/tally-server"
install -m 755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
echo /etc/default/tally-server > "$root/DEBIAN/conffiles"
scripts/make-manpages.sh "$root/usr/bin/tally" "$root/usr/bin/tally-server" "$version" "$root/usr/share/man/man1"
gzip -9n "$root"/usr/share/man/man1/*.1
find "$root" -path "$root/DEBIAN" -prune -o -type d -exec chmod 755 {} + -o -type f ! -perm -u+x -exec chmod 644 {} +

# Depends: the Debian packages of the shared libraries the binaries load.
mkdir -p "$stage/shlibs/debian"
printf 'Source: tally\n\nPackage: tally\nArchitecture: any\n' > "$stage/shlibs/debian/control"
depends=$(cd "$stage/shlibs" && dpkg-shlibdeps -O -e ../root/usr/bin/tally -e ../root/usr/bin/tally-server 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { say "error: dpkg-shlibdeps found no dependencies"; exit 1; }

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  packaging/debian/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"

deb="$outdir/tally_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
say "Built $deb ($(du -h "$deb" | cut -f1)); Depends: $depends, adduser"
say "Install: apt install ./$(basename "$deb")   (then the web app runs as the service tally-server)"
