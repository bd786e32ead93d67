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

// TestWithinRootLinkLoop: a loop on the target's or dst's way leads
// nowhere, not out: the error is the system's ELOOP, as outside a root,
// not ErrEscapesRoot; nothing is made.
func TestWithinRootLinkLoop(t *testing.T) {
	dir, root, _ := rootTree(t)
	before := snapshot(t, dir)
	for _, tc := range []struct{ src, dst string }{{"loop/x", "l"}, {"loop", "l"}, {"t", "loop/x"}} {
		for _, opts := range [][]symlink.Option{{symlink.WithTargetMustExist()}, {symlink.WithParents()}, nil} {
			if tc.src != "loop" && opts == nil && tc.dst == "l" {
				continue
			}
			err := symlink.Create(tc.src, tc.dst, append(opts, symlink.WithinRoot(openRoot(t, root)))...)
			if err == nil || errors.Is(err, symlink.ErrEscapesRoot) {
				t.Errorf("Create(%q, %q, WithinRoot, %d more) = %v, want an error that is not ErrEscapesRoot", tc.src, tc.dst, len(opts), err)
			}
			if errno := syscall.Errno(0); !errors.As(err, &errno) || errno != syscall.ELOOP {
				t.Errorf("Create(%q, %q, WithinRoot, %d more) = %v, want errors.As to reach the system's ELOOP", tc.src, tc.dst, len(opts), err)
			}
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("the refused links changed the tree (-before +after):\n%s", diff)
	}
}
