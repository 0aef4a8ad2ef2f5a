#!/usr/bin/env bash
# Fetches the chDB engine (ClickHouse 26.x as a shared library) from the npm registry into a per-user cache,
# verifies it, and prints the path of libchdb.so. Reuses the cache when it is already there and intact.
#
#   scripts/fetch-chdb.sh            # fetch if needed, print the library path
#   EVENT_STREAM_CACHE=/some/dir scripts/fetch-chdb.sh
#
# The cache is ${EVENT_STREAM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-stream}/chdb/<version>/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
props="$here/../local/local-clickhouse/src/main/resources/chdb.properties"
prop() { sed -n "s/^$1=//p" "$props"; }
package="$(prop package)"
version="$(prop version)"
sha1="$(prop tarball.sha1)"
size="$(prop library.size)"

cache_root="${EVENT_STREAM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-stream}"
dir="$cache_root/chdb/$version"
lib="$dir/libchdb.so"

log() { echo "[fetch-chdb] $*" >&2; }

if [[ -f "$lib" && "$(stat -c %s "$lib")" == "$size" ]]; then
  log "chDB $version already in $dir"
  echo "$lib"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  log "ERROR: npm is not installed. The local ClickHouse endpoint needs the chDB engine, which is"
  log "       published on the npm registry as $package. Install Node.js and npm (e.g. 'apt-get install npm'),"
  log "       or put libchdb.so $version at $lib yourself."
  exit 1
fi

mkdir -p "$dir"
work="$(mktemp -d "$dir/.download.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log "downloading $package@$version (about 180 MB, 570 MB unpacked) from the npm registry ..."
start=$SECONDS
( cd "$work" && npm pack --silent "$package@$version" >pack.out 2>pack.err ) &
pack=$!
while kill -0 "$pack" 2>/dev/null; do
  sleep 5
  kill -0 "$pack" 2>/dev/null && log "  ... still downloading ($((SECONDS - start)) s)"
done
if ! wait "$pack"; then
  log "ERROR: 'npm pack $package@$version' failed:"
  sed 's/^/[fetch-chdb]   /' "$work/pack.err" >&2
  exit 1
fi
tarball="$work/$(tail -n 1 "$work/pack.out")"
log "downloaded $(du -h "$tarball" | cut -f1) in $((SECONDS - start)) s; verifying"

actual_sha1="$(sha1sum "$tarball" | cut -d' ' -f1)"
if [[ "$actual_sha1" != "$sha1" ]]; then
  log "ERROR: checksum mismatch for $tarball: expected sha1 $sha1, got $actual_sha1"
  exit 1
fi

tar -xzf "$tarball" -C "$work" package/libchdb.so
actual_size="$(stat -c %s "$work/package/libchdb.so")"
if [[ "$actual_size" != "$size" ]]; then
  log "ERROR: libchdb.so has $actual_size bytes, expected $size"
  exit 1
fi
mv "$work/package/libchdb.so" "$lib.tmp"
mv "$lib.tmp" "$lib"
log "chDB $version ready: $lib"
echo "$lib"
