package benchmarks

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// benchDir returns a new empty directory for one benchmark: under
// $SYMLINK_BENCH_DIR when it is set, else under the default temporary
// directory. It is removed when the benchmark ends, unless
// SYMLINK_BENCH_KEEP is set (syscalls.sh sets it so that the removal of
// what the benchmark made is not counted as the benchmark's own calls).
func benchDir(b *testing.B) string {
	root := os.Getenv("SYMLINK_BENCH_DIR")
	if root == "" {
		return b.TempDir()
	}
	dir, err := os.MkdirTemp(root, "bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { removeAll(b, dir) })
	return dir
}

// keep is whether the directories the benchmarks make are left behind.
var keep = os.Getenv("SYMLINK_BENCH_KEEP") != ""

// removeAll removes dir and all it holds, unless keep is set.
func removeAll(b *testing.B, dir string) {
	if keep {
		return
	}
	if err := os.RemoveAll(dir); err != nil {
		b.Error(err)
	}
}

// names returns n link paths in dir, made before the timer starts so that
// building them is not measured.
func names(dir string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = filepath.Join(dir, "link"+strconv.Itoa(i))
	}
	return s
}

// emptyDir removes everything in dir, leaving dir itself.
func emptyDir(b *testing.B, dir string) {
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o777); err != nil {
		b.Fatal(err)
	}
}

// fresh hands out link paths that are free in one directory. It empties the
// directory, with the timer stopped, before the first path and again once a
// batch is used up, so the directory holds between 0 and batch entries
// whatever b.N is: every benchmark that uses it sees directories of the same
// size.
type fresh struct {
	b     *testing.B
	dir   string
	paths []string
	next  int
}

// batch is how many links a fresh directory takes before it is emptied.
const batch = 1000

func newFresh(b *testing.B, dir string) *fresh {
	return &fresh{b: b, dir: dir, paths: names(dir, batch), next: batch}
}

// path returns a link path that nothing is at.
func (f *fresh) path() string {
	if f.next == len(f.paths) {
		f.b.StopTimer()
		emptyDir(f.b, f.dir)
		f.b.StartTimer()
		f.next = 0
	}
	p := f.paths[f.next]
	f.next++
	return p
}

// link makes dst a link holding content, or ends the benchmark.
func link(b *testing.B, content, dst string) {
	if err := os.Symlink(content, dst); err != nil {
		b.Fatal(err)
	}
}

// opDir makes the new, empty directory of op i of a benchmark under root,
// after removing op i-1's: each op fills a directory of its own.
func opDir(b *testing.B, root string, i int) string {
	dir := filepath.Join(root, strconv.Itoa(i))
	if i > 0 {
		removeAll(b, filepath.Join(root, strconv.Itoa(i-1)))
	}
	if err := os.Mkdir(dir, 0o777); err != nil {
		b.Fatal(err)
	}
	return dir
}
