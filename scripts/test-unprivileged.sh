#!/usr/bin/env bash
# Runs the test command of README.md as an ordinary user (nobody), on a fresh
# clone of HEAD, with a home, build cache, module cache and temporary
# directory of that user's own: what a contributor who is not root gets.
# Tests that need root (another user's files, mounts) skip, saying so;
# everything else must pass.
#
# Usage, as root: scripts/test-unprivileged.sh [go test flags]
# (default: -race -count=1)
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "test-unprivileged.sh: run as root; it runs the tests as user nobody" >&2
	exit 2
fi
user=nobody
group=$(id -gn "$user" 2>/dev/null || echo nogroup)

repo=$(cd "$(dirname "$0")/.." && pwd)
go=$(command -v go)
work=$(mktemp -d /tmp/symlink-unprivileged.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
git clone -q "$repo" "$work/src"
mkdir "$work/home" "$work/cache" "$work/modcache" "$work/tmp"

# The modules the tests need, taken from this user's module cache (or the
# proxy, if they are not there) into the unprivileged user's own.
(cd "$work/src" &&
	GOMODCACHE="$work/modcache" GOFLAGS=-mod=mod \
		GOPROXY="file://$("$go" env GOMODCACHE)/cache/download,$("$go" env GOPROXY)" \
		"$go" mod download)
chown -R "$user:$group" "$work"

flags=("$@")
((${#flags[@]})) || flags=(-race -count=1)
cd "$work/src"
setpriv --reuid="$user" --regid="$group" --clear-groups \
	env -i PATH="$(dirname "$go"):/usr/local/bin:/usr/bin:/bin" \
	HOME="$work/home" GOCACHE="$work/cache" GOMODCACHE="$work/modcache" \
	TMPDIR="$work/tmp" GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=mod \
	"$go" test "${flags[@]}" ./...
