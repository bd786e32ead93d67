package benchmarks

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/symlinkgo/symlink"
)

// creators are the two ways of making a link that the Create benchmarks
// compare: plain Create and os.Symlink, each one symlinkat(2).
var creators = []struct {
	name   string
	create func(content, dst string) error
}{
	{"impl=symlink", func(content, dst string) error { return symlink.Create(content, dst) }},
	{"impl=os.Symlink", os.Symlink},
}

// BenchmarkCreate makes links under new names in one directory.
func BenchmarkCreate(b *testing.B) {
	for _, c := range creators {
		b.Run(c.name, func(b *testing.B) {
			f := newFresh(b, benchDir(b))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.create("target", f.path()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateExisting measures the error path: the link's path is taken,
// so every call fails with EEXIST after one symlinkat(2). What it allocates
// beyond the system call's own path conversions is the error value.
func BenchmarkCreateExisting(b *testing.B) {
	dst := filepath.Join(benchDir(b), "link")
	link(b, "target", dst)
	for _, c := range creators {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.create("target", dst); !errors.Is(err, fs.ErrExist) {
					b.Fatal(err)
				}
			}
		})
	}
}
