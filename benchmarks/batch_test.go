package benchmarks

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

// forest is the layout of the Batch benchmarks: n links spread over dirs
// directories, as a package manager or a build tool lays out a symlink
// forest. It is 20 000 links over 200 directories, or with
// SYMLINK_BENCH_LARGE 100 000 links over 1 000 directories.
func forest() (n, dirs int) {
	if os.Getenv("SYMLINK_BENCH_LARGE") != "" {
		return 100_000, 1_000
	}
	return 20_000, 200
}

// forestPaths makes the directories of a forest under root (empty) and
// returns the paths of its links.
func forestPaths(b *testing.B, root string) []string {
	n, dirs := forest()
	paths := make([]string, 0, n)
	for d := range dirs {
		dir := filepath.Join(root, "d"+strconv.Itoa(d))
		if err := os.Mkdir(dir, 0o777); err != nil {
			b.Fatal(err)
		}
		for i := range n / dirs {
			paths = append(paths, filepath.Join(dir, "l"+strconv.Itoa(i)))
		}
	}
	return paths
}

// BenchmarkBatch makes a forest of new links in one op, and reports the
// time per link (ns/link) and the bytes allocated per link (B/link).
//
//   - new: Batch.Add for every link and one Apply (which plans first),
//     against a loop of os.Symlink over the same paths;
//   - unchanged: the same Batch applied again to the forest it made: every
//     link is Unchanged, so nothing is written; against a loop of
//     os.Readlink, the least a program can do to find that out;
//   - undo: Apply where the last link fails (its content is too long for
//     the file system: no dry run foresees that) and every link made is
//     removed again; against impl=symlink of new, Apply that succeeds.
func BenchmarkBatch(b *testing.B) {
	n, _ := forest()
	perLink := func(b *testing.B, run func(paths []string)) {
		root := benchDir(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			paths := forestPaths(b, opDir(b, root, i))
			b.StartTimer()
			run(paths)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/link")
	}
	b.Run("job=new/impl=os.Symlink", func(b *testing.B) {
		perLink(b, func(paths []string) {
			for _, p := range paths {
				if err := os.Symlink("target", p); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	// The machine's own scaling: the same loop of os.Symlink, split over
	// two goroutines by directory, as Apply splits its work.
	b.Run("job=new/impl=os.Symlink-2goroutines", func(b *testing.B) {
		perLink(b, func(paths []string) {
			inTwo(b, paths, func(p string) error { return os.Symlink("target", p) })
		})
	})
	b.Run("job=new/impl=symlink", func(b *testing.B) {
		perLink(b, func(paths []string) {
			var batch symlink.Batch
			for _, p := range paths {
				batch.Add("target", p)
			}
			if _, err := batch.Apply(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	})
	// What a tool that re-runs passes: every Add with WithReplace.
	b.Run("job=new-replace/impl=symlink", func(b *testing.B) {
		perLink(b, func(paths []string) {
			var batch symlink.Batch
			for _, p := range paths {
				batch.Add("target", p, symlink.WithReplace())
			}
			if _, err := batch.Apply(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	})
	// The same, journaled (SetJournal): the journal's cost.
	b.Run("job=new-replace-journal/impl=symlink", func(b *testing.B) {
		journal := filepath.Join(b.TempDir(), "journal")
		perLink(b, func(paths []string) {
			var batch symlink.Batch
			batch.SetJournal(journal)
			for _, p := range paths {
				batch.Add("target", p, symlink.WithReplace())
			}
			if _, err := batch.Apply(context.Background()); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("job=undo/impl=symlink", func(b *testing.B) {
		long := strings.Repeat("x/", 4096)
		perLink(b, func(paths []string) {
			var batch symlink.Batch
			for i, p := range paths {
				content := "target"
				if i == len(paths)-1 {
					content = long
				}
				batch.Add(content, p)
			}
			_, err := batch.Apply(context.Background())
			if !errors.Is(err, syscall.ENAMETOOLONG) {
				b.Fatalf("Apply = %v, want ENAMETOOLONG at the last link", err)
			}
		})
	})

	// unchanged: one forest, made once, applied again and again.
	unchanged := func(b *testing.B, run func(paths []string)) {
		paths := forestPaths(b, benchDir(b))
		for _, p := range paths {
			if err := os.Symlink("target", p); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			run(paths)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/link")
	}
	b.Run("job=unchanged/impl=os.Readlink", func(b *testing.B) {
		unchanged(b, func(paths []string) {
			for _, p := range paths {
				if c, err := os.Readlink(p); err != nil || c != "target" {
					b.Fatal(c, err)
				}
			}
		})
	})
	// The machine's own scaling: the same loop, split over two goroutines
	// by directory, as Plan splits its work.
	b.Run("job=unchanged/impl=os.Readlink-2goroutines", func(b *testing.B) {
		unchanged(b, func(paths []string) {
			inTwo(b, paths, func(p string) error {
				if c, err := os.Readlink(p); err != nil || c != "target" {
					return fmt.Errorf("%q, %v", c, err)
				}
				return nil
			})
		})
	})
	b.Run("job=unchanged/impl=symlink", func(b *testing.B) {
		unchanged(b, func(paths []string) {
			var batch symlink.Batch
			for _, p := range paths {
				batch.Add("target", p, symlink.WithReplace())
			}
			res, err := batch.Apply(context.Background())
			if err != nil || res[0].Action != symlink.Unchanged {
				b.Fatal(res[0], err)
			}
		})
	})
}

// inTwo runs f on every path of the forest, split over two goroutines by
// directory, as Plan and Apply split their work on two cores: the
// machine's own scaling, the floor a Batch is measured against.
func inTwo(b *testing.B, paths []string, f func(path string) error) {
	_, dirs := forest()
	per := len(paths) / dirs
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for d := w; d < dirs; d += 2 {
				for _, p := range paths[d*per : (d+1)*per] {
					if err := f(p); err != nil {
						b.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
