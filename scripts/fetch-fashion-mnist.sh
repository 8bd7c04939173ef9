#!/usr/bin/env bash
# Fetch Fashion-MNIST (60,000 train + 10,000 test, gzipped IDX) into data/fashion-mnist/.
# Source: Debian's package dataset-fashion-mnist (apt-get download + dpkg -x: nothing is
# installed system-wide). Each file is checked against the MD5 recorded from package version
# 0.0~git20200523.55506a9-1 before it is moved into place. Idempotent.
#
# Usage: scripts/fetch-fashion-mnist.sh [--quiet] [--dest DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/../data/fashion-mnist"
quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet) quiet=1 ;;
    --dest) shift; dest="${1:?--dest needs a directory}" ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-fashion-mnist: unknown argument '$1' (expected --quiet, --dest DIR or --help)" >&2; exit 2 ;;
  esac
  shift
done
say() { [ "$quiet" = 1 ] || echo "fetch-fashion-mnist: $*"; }

PACKAGE=dataset-fashion-mnist
declare -A MD5=(
  [train-images-idx3-ubyte.gz]=cf8536b0aa1a6ac5fa3f23001093305c
  [train-labels-idx1-ubyte.gz]=10bea18fdb374794d4bb42e356e600c9
  [t10k-images-idx3-ubyte.gz]=f78720b4224f21cce2f2ccf2d7a94c9a
  [t10k-labels-idx1-ubyte.gz]=0d30e22e447f3c33dab9ed536400ac01
)
md5_of() { md5sum "$1" | cut -d' ' -f1; }
all_good() {
  for f in "${!MD5[@]}"; do
    [ -f "$dest/$f" ] && [ "$(md5_of "$dest/$f")" = "${MD5[$f]}" ] || return 1
  done
}

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
if all_good; then say "Fashion-MNIST already present and verified in $dest"; exit 0; fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-fashion-mnist: $tool is needed (Debian/Ubuntu) to fetch $PACKAGE" >&2; exit 1; }
done
work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-fashion.XXXXXX")"
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
say "downloading Debian package $PACKAGE ..."
if ! ( cd "$work" && apt-get download "$PACKAGE" >/dev/null 2>&1 ); then
  say "package lists may be stale; running apt-get update once"
  apt-get update >/dev/null 2>&1 || true
  ( cd "$work" && apt-get download "$PACKAGE" >/dev/null 2>&1 ) || {
    echo "fetch-fashion-mnist: 'apt-get download $PACKAGE' failed; is the Debian archive reachable?" >&2; exit 1; }
fi
dpkg -x "$work"/*.deb "$work/x"
src="$work/x/usr/share/datasets/fashion-mnist"
for f in "${!MD5[@]}"; do
  [ -f "$src/$f" ] || { echo "fetch-fashion-mnist: $f is missing from $PACKAGE" >&2; exit 1; }
  got="$(md5_of "$src/$f")"
  [ "$got" = "${MD5[$f]}" ] || { echo "fetch-fashion-mnist: checksum mismatch for $f: found md5 $got, expected ${MD5[$f]}" >&2; exit 1; }
done
for f in "${!MD5[@]}"; do
  cp "$src/$f" "$dest/.$f.part"
  mv -f "$dest/.$f.part" "$dest/$f"
done
say "Fashion-MNIST verified (md5) and placed in $dest"
