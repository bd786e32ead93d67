#!/usr/bin/env bash
# Runs the package's tests, compiled for windows/amd64, under Wine, and prints
# how many tests (subtests included) ran, passed, failed and were skipped.
# Exits non-zero if any test failed or the test binary did not finish.
#
# Usage: scripts/test-windows.sh [test binary flags, e.g. -test.run=Junction]
#
# Wine runs the package's real Windows code (x/sys/windows calls, registry
# reads, error mapping, hard links, long paths), but Wine 8 does not
# implement symbolic links: CreateSymbolicLinkW reports success and creates
# nothing, and junctions are refused. The package itself detects that
# (ErrUnsupported), so tests that need a real link skip, saying why; the
# tests of the Windows logic drive it through a fake system instead.
#
# Two gaps of Wine 8 (Debian 12) are bridged for the test binary only:
#   - Go programs for Windows call ProcessPrng (bcryptprimitives.dll) at
#     start-up, which Wine lacks: processprng.c, beside this script, is a
#     stand-in built with mingw-w64 into the Wine prefix.
#   - os.RemoveAll (and so t.TempDir's cleanup) deletes through
#     NtSetInformationFile(FileDispositionInformationEx), which Wine answers
#     with STATUS_NOT_IMPLEMENTED ("Invalid function"). Go falls back to the
#     older call only on the answers of old Windows versions; the test binary
#     is built with an -overlay copy of that Go file that falls back on
#     Wine's answer too.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

need=()
command -v wine >/dev/null 2>&1 || need+=(wine wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if ((${#need[@]})); then
	echo "installing ${need[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A prefix of our own, so that no other Wine setup of the machine is touched.
# mscoree and mshtml are disabled so that wineboot asks for no Mono or Gecko.
export WINEPREFIX=${WINEPREFIX:-${HOME:-/root}/.wine-symlink-test}
export WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n;mscoree=;mshtml="
dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [ ! -f "$WINEPREFIX/system.reg" ]; then
	wineboot --init >/dev/null 2>&1 || true
fi
if [ ! -f "$dll" ] || [ "$here/processprng.c" -nt "$dll" ]; then
	x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" "$here/processprng.c"
	cp "$work/bcryptprimitives.dll" "$dll"
fi

overlay=()
at=$(go env GOROOT)/src/internal/syscall/windows/at_windows.go
fallback='^([[:space:]]+)STATUS_NOT_SUPPORTED:'
if grep -qE "$fallback" "$at" 2>/dev/null; then
	sed -E "s/$fallback/\\1STATUS_NOT_SUPPORTED, NTStatus(0xC0000002):/" "$at" >"$work/at_windows.go"
	printf '{"Replace":{"%s":"%s"}}\n' "$at" "$work/at_windows.go" >"$work/overlay.json"
	overlay=(-overlay "$work/overlay.json")
else
	echo "note: $at has changed; building without the RemoveAll fallback for Wine" >&2
fi
# The package and its system layer, each a test binary of its own.
(cd "$repo" && GOOS=windows GOARCH=amd64 go test -c "${overlay[@]}" -o "$work/symlink.test.exe" .)
(cd "$repo" && GOOS=windows GOARCH=amd64 go test -c "${overlay[@]}" -o "$work/sys.test.exe" ./internal/sys)

cd "$work"
status=0
: >"$work/out.txt"
for exe in symlink.test.exe sys.test.exe; do
	timeout 600 wine "./$exe" -test.v -test.count=1 "$@" 2>&1 | tr -d '\r' | tee -a "$work/out.txt" || status=$?
done

# count RESULT INDENT: the tests (INDENT "") or tests and subtests (" *")
# that ended with RESULT.
count() { grep -cE "^$2--- $1: " "$work/out.txt" || true; }
summary() {
	local p f s
	p=$(count PASS "$1") f=$(count FAIL "$1") s=$(count SKIP "$1")
	echo "$((p + f + s)) ran, $p passed, $f failed, $s skipped"
}
echo "windows/amd64 under Wine: tests: $(summary ''); with subtests: $(summary ' *')"
failed=$(count FAIL ' *')
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$(grep -cx PASS "$work/out.txt")" -ne 2 ]; then
	echo "FAIL: Windows tests under Wine (exit status $status)" >&2
	exit 1
fi
