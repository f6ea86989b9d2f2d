#!/usr/bin/env bash
# Installs one shipspec release for this runner, for the shipspec action.
#
# Downloads the release archive for the runner's OS and architecture and its
# .sha256 file, checks the archive's sha256 BEFORE unpacking or running
# anything, then puts the binary on GITHUB_PATH.
#
# Environment:
#   SHIPSPEC_VERSION            the release, e.g. 0.1.0 (required)
#   RUNNER_OS, RUNNER_ARCH      set by GitHub (Linux|macOS|Windows, X64|ARM64)
#   RUNNER_TEMP, GITHUB_PATH    set by GitHub
#   SHIPSPEC_RELEASE_BASE_URL   where the archives are (default: the GitHub
#                               release of that version); an https:// or
#                               file:// URL or a local directory, for mirrors
#                               and for the test suite
set -euo pipefail

fail() {
  echo "::error::shipspec install: $*" >&2
  exit 1
}

version=${SHIPSPEC_VERSION:-}
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
  fail "version must look like 0.1.0, got '$version'"
fi

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) fail "no shipspec release for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac
if [ "${RUNNER_OS}" = Windows ]; then
  archive="shipspec-$target.zip"
  binary=shipspec.exe
else
  archive="shipspec-$target.tar.gz"
  binary=shipspec
fi

base=${SHIPSPEC_RELEASE_BASE_URL:-https://github.com/shipspec/shipspec/releases/download/v$version}
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/shipspec.XXXXXX")

fetch() {
  case "$base" in
    https://* | file://*)
      curl --proto '=https,file' --tlsv1.2 --fail --silent --show-error --location \
        --retry 3 --output "$work/$1" "$base/$1" || fail "cannot download $base/$1"
      ;;
    *://*) fail "SHIPSPEC_RELEASE_BASE_URL must be https://, file:// or a directory" ;;
    *) cp "$base/$1" "$work/$1" || fail "cannot read $base/$1" ;;
  esac
}

fetch "$archive"
fetch "$archive.sha256"

# The .sha256 file holds "<64 hex>  <file name>"; only the hash is used.
expected=$(tr -d '\r' < "$work/$archive.sha256" | awk 'NR == 1 { print tolower($1) }')
if [[ ! "$expected" =~ ^[0-9a-f]{64}$ ]]; then
  fail "$archive.sha256 does not hold a sha256"
fi
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
if [ "$actual" != "$expected" ]; then
  rm -f "$work/$archive"
  fail "checksum mismatch for $archive: expected $expected, got $actual; not running it"
fi
echo "sha256 of $archive verified: $actual"

mkdir "$work/unpacked"
if [ "${RUNNER_OS}" = Windows ]; then
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$work/$archive" -d "$work/unpacked"
  else
    7z x -y -bd -o"$work/unpacked" "$work/$archive" >/dev/null
  fi
else
  tar -xzf "$work/$archive" -C "$work/unpacked"
fi
found=$(find "$work/unpacked" -type f -name "$binary" | head -n 1)
[ -n "$found" ] || fail "$archive holds no $binary"
mkdir "$work/bin"
mv "$found" "$work/bin/$binary"
chmod +x "$work/bin/$binary"

reported=$("$work/bin/$binary" --version)
if [ "$reported" != "shipspec $version" ]; then
  fail "the archive for $version holds '$reported'"
fi
echo "$work/bin" >> "${GITHUB_PATH:?GITHUB_PATH is not set}"
echo "installed $reported ($target)"
