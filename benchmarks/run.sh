#!/bin/sh
# run.sh [COUNT]: runs every benchmark COUNT times (default 10) on the
# default temporary directory and, when run as root, on a tmpfs mounted for
# the purpose; then prints the benchstat tables and, where strace is
# installed, the system calls per op. Raw results go to $OUT (default
# ./results). Needs benchstat on $PATH or in $(go env GOPATH)/bin:
#
#	go install golang.org/x/perf/cmd/benchstat@latest
set -eu
cd "$(dirname "$0")"
count=${1:-10}
out=${OUT:-results}
mkdir -p "$out"
PATH=$PATH:$(go env GOPATH)/bin
go test -c -o "$out/bench.test" .

bench() { # bench FILE: runs everything, SYMLINK_BENCH_* as set by the caller
	"$out/bench.test" -test.run='^$' -test.bench=. -test.benchmem \
		-test.count="$count" | tee "$1"
}

# tables FILE...: one benchstat table per job, the library against the
# alternative, so that the ratio column reads "symlink vs. alternative".
tables() {
	for job in 'Create' 'CreateExisting' 'ManyLinks'; do
		benchstat -filter ".name:$job" -col '/impl@(os.Symlink symlink)' "$@"
		echo
	done
	for job in 'Replace' 'ReplaceUnchanged'; do
		benchstat -filter ".name:$job" -col '/impl@(renameio symlink os.Readlink)' "$@"
		echo
	done
	benchstat -filter '.name:Relative' -col '/impl@(by-hand symlink)' "$@"
	echo
	benchstat -filter '.name:Read' -col '/impl@(os.Readlink symlink)' "$@"
	echo
	benchstat -filter '.name:Remove' -col '/impl@(os.Remove symlink by-hand)' "$@"
	echo
	benchstat -filter '.name:Batch' -col '/impl' "$@"
}

{
	echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $(nproc) cores; $(uname -sr)"
	echo "# default temporary directory: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 { print $2 }')"
} | tee "$out/machine.txt"

bench "$out/tempdir.txt"
if [ "$(id -u)" = 0 ]; then
	mnt=$(mktemp -d)
	mount -t tmpfs -o size=4g tmpfs "$mnt"
	trap 'umount "$mnt"; rmdir "$mnt"' EXIT
	SYMLINK_BENCH_DIR=$mnt SYMLINK_BENCH_LARGE=1 bench "$out/tmpfs.txt"
fi

{
	echo "## default temporary directory"
	tables "$out/tempdir.txt"
	if [ -f "$out/tmpfs.txt" ] && [ "$(id -u)" = 0 ]; then
		echo "## tmpfs"
		tables "$out/tmpfs.txt"
	fi
} >"$out/benchstat.txt"
cat "$out/benchstat.txt"

if command -v strace >/dev/null; then
	./syscalls.sh "$out/bench.test" | tee "$out/syscalls.txt"
fi
