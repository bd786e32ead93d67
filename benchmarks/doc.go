// Package benchmarks measures package symlink against the standard library
// and github.com/google/renameio: what each job costs in time, allocations
// and system calls. It holds no code of its own; the benchmarks are in its
// test files and the results in README.md.
//
// By default every benchmark works in a directory under the default
// temporary directory. Set SYMLINK_BENCH_DIR to an existing directory (a
// tmpfs mount, say) to run them there instead, so that the file system's
// own cost does not hide the library's.
package benchmarks
