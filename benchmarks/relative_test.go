package benchmarks

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/symlinkgo/symlink"
)

// BenchmarkRelative makes relative links between two trees depth elements
// deep below the benchmark's directory: the target is dir/t/d/…/target and
// the links go into dir/l/d/…/. Create with WithRelative reads every
// existing element of both paths, as "ln -sr" does; by-hand is what a
// program writes without it: filepath.EvalSymlinks on both, filepath.Rel,
// os.Symlink.
func BenchmarkRelative(b *testing.B) {
	for _, depth := range []int{2, 8, 32} {
		b.Run("depth="+strconv.Itoa(depth), func(b *testing.B) {
			dir := benchDir(b)
			deep := func(top string) string {
				return filepath.Join(dir, top, strings.Repeat("d"+string(filepath.Separator), depth-2))
			}
			target := filepath.Join(deep("t"), "target")
			links := deep("l")
			for _, d := range []string{filepath.Dir(target), links} {
				if err := os.MkdirAll(d, 0o777); err != nil {
					b.Fatal(err)
				}
			}
			if err := os.WriteFile(target, nil, 0o666); err != nil {
				b.Fatal(err)
			}
			b.Run("impl=symlink", func(b *testing.B) {
				f := newFresh(b, links)
				b.ReportAllocs()
				for b.Loop() {
					if err := symlink.Create(target, f.path(), symlink.WithRelative()); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("impl=by-hand", func(b *testing.B) {
				f := newFresh(b, links)
				b.ReportAllocs()
				for b.Loop() {
					if err := relativeByHand(target, f.path()); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// relativeByHand makes dst a relative link to target the usual way. Unlike
// WithRelative it needs every element of both paths to exist.
func relativeByHand(target, dst string) error {
	from, err := filepath.EvalSymlinks(filepath.Dir(dst))
	if err != nil {
		return err
	}
	to, err := filepath.EvalSymlinks(target)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return err
	}
	return os.Symlink(rel, dst)
}
