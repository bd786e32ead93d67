//go:build unix && !aix && !solaris

package symlink_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/symlinkgo/symlink"
)

// TestParentsMadeAgainWhenAConcurrentCreateRemovesThem runs a Create that
// fails after making dst's parents (its name is too long), and so removes
// them again, beside Creates of good links in the same new directory. A
// good Create that found the parents there must not fail because they
// vanished before its link was in: it makes them again.
func TestParentsMadeAgainWhenAConcurrentCreateRemovesThem(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	a := filepath.Join(dir, "a")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				symlink.Create("x", filepath.Join(a, "b", longName), symlink.WithParents())
			}
		})
	}
	tries := 1000
	if testing.Short() {
		tries = 200
	}
	for i := range tries {
		l := filepath.Join(a, "b", "l")
		if err := symlink.Create("x", l, symlink.WithParents()); err != nil {
			t.Errorf("try %d: Create = %v; want nil", i, err)
			break
		}
		// Take the parents away again, so that the failing Creates make
		// (and remove) them too.
		for _, p := range []string{l, filepath.Dir(l), a} {
			os.Remove(p)
		}
	}
	close(stop)
	wg.Wait()
}
