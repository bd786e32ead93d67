//go:build unix

package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestWithinRootSurvivesSwappedParent swaps dst's parent between a directory
// and a link out of root while links are made through it: none may land
// outside.
func TestWithinRootSurvivesSwappedParent(t *testing.T) {
	if testing.Short() {
		t.Skip("races a swapping goroutine; skipped with -short")
	}
	_, root, outside := rootTree(t)
	outBefore := snapshot(t, outside)
	p := filepath.Join(root, "p")
	stop := meanwhile(func() {
		os.Mkdir(p, 0o777)
		os.RemoveAll(p)
		os.Symlink(outside, p)
		os.Remove(p)
	})
	made := 0
	in := openRoot(t, root)
	for i := range 2000 {
		dst := filepath.Join("p", "l"+string(rune('a'+i%26)))
		err := symlink.Create("x", dst, symlink.WithinRoot(in), symlink.WithReplace())
		var errno syscall.Errno
		if err == nil {
			made++
		} else if len(isSet(err)) == 0 && !errors.As(err, &errno) {
			// ELOOP, when the link is swapped away while os.Root reads it,
			// answers no sentinel but is the system's error.
			t.Errorf("Create through a swapped parent = %v, which answers errors.Is for no sentinel and holds no errno", err)
		}
	}
	stop()
	t.Logf("%d of 2000 Creates succeeded while the parent was swapped", made)
	if diff := cmp.Diff(outBefore, snapshot(t, outside)); diff != "" {
		t.Errorf("a link landed outside root (-before +after):\n%s", diff)
	}
}
