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

// BenchmarkCreateWithinRoot makes links under new names in a directory of a
// root, each holding a relative content that Create judges inside the root:
// against os.Root.Symlink, which makes the link inside the root but does
// not look at where it points.
func BenchmarkCreateWithinRoot(b *testing.B) {
	for _, impl := range []string{"symlink", "os.Root.Symlink"} {
		b.Run("impl="+impl, func(b *testing.B) {
			dir := benchDir(b)
			if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
				b.Fatal(err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			f := newFresh(b, filepath.Join(dir, "d"))
			b.ReportAllocs()
			for b.Loop() {
				name := filepath.Join("d", filepath.Base(f.path()))
				if impl == "symlink" {
					err = symlink.Create("../target", name, symlink.WithinRoot(root))
				} else {
					err = root.Symlink("../target", name)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
