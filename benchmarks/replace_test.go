package benchmarks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/renameio/v2"
	"github.com/symlinkgo/symlink"
)

// BenchmarkReplace replaces a link with one of another content on every
// call: Create with WithReplace against renameio.Symlink. Both make the new
// link under a temporary name and rename it over the old one.
func BenchmarkReplace(b *testing.B) {
	contents := [2]string{"target-a", "target-b"}
	run := func(b *testing.B, replace func(content, dst string) error) {
		dst := filepath.Join(benchDir(b), "link")
		link(b, contents[0], dst)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i ^= 1
			if err := replace(contents[i], dst); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("impl=symlink", func(b *testing.B) {
		run(b, func(content, dst string) error {
			return symlink.Create(content, dst, symlink.WithReplace())
		})
	})
	b.Run("impl=renameio", func(b *testing.B) { run(b, renameio.Symlink) })
}

// BenchmarkReplaceUnchanged replaces a link with the content it already
// holds, as a deploy tool that runs on every boot does. Create reads the
// link and stops there; renameio.Symlink replaces it all the same. The
// os.Readlink case is the floor: the one system call the job needs.
func BenchmarkReplaceUnchanged(b *testing.B) {
	const content = "target"
	setup := func(b *testing.B) string {
		dst := filepath.Join(benchDir(b), "link")
		link(b, content, dst)
		b.ReportAllocs()
		return dst
	}
	b.Run("impl=symlink", func(b *testing.B) {
		dst := setup(b)
		for b.Loop() {
			if err := symlink.Create(content, dst, symlink.WithReplace()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=renameio", func(b *testing.B) {
		dst := setup(b)
		for b.Loop() {
			if err := renameio.Symlink(content, dst); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=os.Readlink", func(b *testing.B) {
		dst := setup(b)
		for b.Loop() {
			if got, err := os.Readlink(dst); err != nil || got != content {
				b.Fatal(got, err)
			}
		}
	})
}
