#!/bin/sh
# syscalls.sh BENCH_BINARY: the system calls one op of each benchmark makes,
# counted with "strace -f -c" (which needs ptrace: root, or a relaxed
# kernel.yama.ptrace_scope). BENCH_BINARY is the test binary, as built by
# "go test -c". Each benchmark runs twice, for K1 and K2 iterations; the
# difference, divided by K2-K1, drops what the harness and the setup cost.
# BenchmarkManyLinks makes n links per op, so its counts are per link. The
# Go runtime's own calls (futex, mmap, signals, …) are left out. The links
# go under $SYMLINK_BENCH_DIR (default: the temporary directory).
set -eu
bin=$1
export SYMLINK_BENCH_KEEP=1
root=${SYMLINK_BENCH_DIR:-${TMPDIR:-/tmp}}
export SYMLINK_BENCH_DIR=$(mktemp -d "$root/syscalls-XXXXXX")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$SYMLINK_BENCH_DIR"' EXIT

# count NAME REGEX K1 K2 PER
count() {
	for k in "$3" "$4"; do
		strace -f -c -o "$tmp/$k" "$bin" -test.run='^$' -test.bench="$2" \
			-test.benchtime="${k}x" >/dev/null
	done
	awk -v name="$1" -v k1="$3" -v k2="$4" -v per="$5" '
		/^-|^%|total|^$/ { next }
		{ n[$NF] += (FILENAME ~ /\/'"$3"'$/ ? -$4 : $4) }
		END {
			skip = "futex nanosleep mmap munmap madvise mprotect rt_sigprocmask rt_sigaction rt_sigreturn sigaltstack clone clone3 gettid getpid tgkill sched_yield sched_getaffinity epoll_pwait epoll_ctl epoll_create1 eventfd2 getrlimit prlimit64 pipe2 write exit_group set_robust_list rseq arch_prctl set_tid_address execve brk uname pread64"
			split(skip, s, " "); for (i in s) drop[s[i]] = 1
			line = ""; total = 0
			for (c in n) {
				if (c in drop) continue
				v = n[c] / (k2 - k1) / per
				if (v < 0.005) continue
				line = line sprintf(" %s=%.2f", c, v); total += v
			}
			printf "%-55s total=%.2f%s\n", name, total, line
		}' "$tmp/$3" "$tmp/$4"
}

one() { count "$1" "$(echo "$1" | sed 's,\([^/]*\),^\1$,g')" 1 201 1; }

for impl in symlink os.Symlink; do
	one "BenchmarkCreate/impl=$impl"
	one "BenchmarkCreateExisting/impl=$impl"
done
for impl in symlink renameio; do
	one "BenchmarkReplace/impl=$impl"
done
for impl in symlink renameio os.Readlink; do
	one "BenchmarkReplaceUnchanged/impl=$impl"
done
for d in 2 8 32; do
	for impl in symlink by-hand; do
		one "BenchmarkRelative/depth=$d/impl=$impl"
	done
done
for impl in symlink os.Readlink; do
	one "BenchmarkRead/impl=$impl"
done
# BenchmarkRemove makes its links 1 000 at a time, so both runs make the same
# and only the removals are left in the difference.
for impl in symlink os.Remove by-hand; do
	one "BenchmarkRemove/impl=$impl"
done
for n in 1000 10000; do
	for impl in symlink os.Symlink; do
		name="BenchmarkManyLinks/n=$n/impl=$impl"
		count "$name (per link)" "$(echo "$name" | sed 's,\([^/]*\),^\1$,g')" 1 2 "$n"
	done
done
# BenchmarkBatch: one op is a forest of 20 000 links over 200 directories
# (each op a new forest, made with the timer stopped; its directories are
# 200 mkdirs per op, counted here too).
for job in new/impl=symlink new/impl=os.Symlink new-replace/impl=symlink new-replace-journal/impl=symlink \
	unchanged/impl=symlink unchanged/impl=os.Readlink undo/impl=symlink; do
	name="BenchmarkBatch/job=$job"
	count "$name (per link)" "$(echo "$name" | sed 's,\([^/]*\),^\1$,g')" 1 2 20000
done
# BenchmarkReconcile: one op is a Reconcile of the whole forest (20 000
# links), made once before the timer; one-percent changes 200 of them.
for job in unchanged/impl=symlink unchanged/impl=os.Readlink one-percent/impl=symlink; do
	name="BenchmarkReconcile/job=$job"
	count "$name (per link)" "$(echo "$name" | sed 's,\([^/]*\),^\1$,g')" 1 2 20000
done
