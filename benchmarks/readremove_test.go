package benchmarks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/symlinkgo/symlink"
)

// BenchmarkRead reads one link: symlink.Read against os.Readlink, each one
// readlinkat(2).
func BenchmarkRead(b *testing.B) {
	const content = "releases/42"
	dst := filepath.Join(benchDir(b), "link")
	link(b, content, dst)
	for _, r := range []struct {
		name string
		read func(string) (string, error)
	}{
		{"impl=symlink", func(p string) (string, error) {
			l, err := symlink.Read(p)
			return l.Content, err
		}},
		{"impl=os.Readlink", os.Readlink},
	} {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got, err := r.read(dst); err != nil || got != content {
					b.Fatal(got, err)
				}
			}
		})
	}
}

// removers are the ways of taking a link away that BenchmarkRemove
// compares: symlink.Remove, which checks the content first; os.Remove,
// which removes whatever is there; and by-hand, the usual check written out
// with os.Readlink and os.Remove.
var removers = []struct {
	name   string
	remove func(content, dst string) error
}{
	{"impl=symlink", func(content, dst string) error { return symlink.Remove(content, dst) }},
	{"impl=os.Remove", func(_, dst string) error { return os.Remove(dst) }},
	{"impl=by-hand", func(content, dst string) error {
		if got, err := os.Readlink(dst); err != nil || got != content {
			return os.ErrInvalid
		}
		return os.Remove(dst)
	}},
}

// BenchmarkRemove removes links holding the content asked for. The links
// are made a batch at a time with the timer stopped, so only the removal is
// measured; those left over go with the benchmark's directory.
func BenchmarkRemove(b *testing.B) {
	const content = "releases/42"
	for _, r := range removers {
		b.Run(r.name, func(b *testing.B) {
			paths := names(benchDir(b), batch)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%batch == 0 {
					b.StopTimer()
					for _, p := range paths {
						link(b, content, p)
					}
					b.StartTimer()
				}
				if err := r.remove(content, paths[i%batch]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
