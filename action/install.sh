#!/usr/bin/env bash
# Installs one shipspec release: the shipspec action's install step, and the
# shell installer published with each release (as shipspec-installer.sh).
#
# Downloads the release archive for this OS and architecture and its .sha256
# file, checks the archive's sha256 BEFORE unpacking or running anything,
# then installs the binary: on GITHUB_PATH in a workflow, else into
# SHIPSPEC_INSTALL_DIR (default ~/.cargo/bin).
#
# Environment:
#   SHIPSPEC_VERSION            the release, e.g. 0.1.0 (the published
#                               installer defaults to its own release)
#   RUNNER_OS, RUNNER_ARCH      set by GitHub (Linux|macOS|Windows, X64|ARM64);
#                               elsewhere read from uname
#   RUNNER_TEMP, GITHUB_PATH    set by GitHub
#   SHIPSPEC_INSTALL_DIR        outside GitHub Actions: where the binary goes
#   SHIPSPEC_RELEASE_BASE_URL   where the archives are (default: the GitHub
#                               release of that version); an https:// or
#                               file:// URL or a local directory, for mirrors
#                               and for the test suite
set -euo pipefail

# The release workflow sets this in the published installer.
default_version=""

fail() {
  echo "::error::shipspec install: $*" >&2
  exit 1
}

version=${SHIPSPEC_VERSION:-$default_version}
if [ -z "${RUNNER_OS:-}" ]; then
  case "$(uname -s)" in
    Linux) RUNNER_OS=Linux ;;
    Darwin) RUNNER_OS=macOS ;;
    MINGW* | MSYS* | CYGWIN*) RUNNER_OS=Windows ;;
    *) RUNNER_OS=$(uname -s) ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) RUNNER_ARCH=X64 ;;
    aarch64 | arm64) RUNNER_ARCH=ARM64 ;;
    *) RUNNER_ARCH=$(uname -m) ;;
  esac
fi
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
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$work/bin" >> "$GITHUB_PATH"
  echo "installed $reported ($target)"
else
  dir=${SHIPSPEC_INSTALL_DIR:-$HOME/.cargo/bin}
  mkdir -p "$dir"
  mv "$work/bin/$binary" "$dir/$binary"
  rm -rf "$work"
  echo "installed $reported ($target) to $dir/$binary"
fi
