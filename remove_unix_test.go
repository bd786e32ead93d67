//go:build unix

package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestRemoveInADirectoryTheUserMayNotWrite: the link is read, then refused
// by the system, and left in place.
func TestRemoveInADirectoryTheUserMayNotWrite(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {
		locked := filepath.Join(dir, "locked")
		if err := os.Mkdir(locked, 0o777); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, "target", filepath.Join(locked, "link"))
		if err := os.Chmod(locked, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(locked, 0o777) })
	}, func(t *testing.T, dir string) {
		before := snapshot(t, dir)
		link := filepath.Join(dir, "locked", "link")
		if l, err := symlink.Read(link); err != nil || l.Content != "target" {
			t.Errorf("Read = %+v, %v; want the content, which any user may read", l, err)
		}
		for _, tc := range []struct {
			dst  string
			opts []symlink.Option
		}{
			{link, nil},
			{link, []symlink.Option{symlink.WithSync()}},
			{filepath.Join("locked", "link"), []symlink.Option{symlink.WithinRoot(openRoot(t, dir))}},
		} {
			err := symlink.Remove("target", tc.dst, tc.opts...)
			wantIs(t, err, "remove", "ErrPermission", "fs.ErrPermission")
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("a refused Remove changed the tree (-before +after):\n%s", diff)
		}
	})
}

// TestRemoveNeverRemovesADirectorySwappedIn swaps dst between a link with
// the content Remove asks for, an empty directory and a directory holding a
// file, while Remove runs in a loop. The links may go; no directory may,
// nor the file in one.
func TestRemoveNeverRemovesADirectorySwappedIn(t *testing.T) {
	if testing.Short() {
		t.Skip("races a swapping goroutine; skipped with -short")
	}
	dir := t.TempDir()
	dst := filepath.Join(dir, "dst")
	var lost atomic.Int64 // directories gone before the swapper removed them
	full := false
	stop := meanwhile(func() {
		os.Symlink("target", dst)
		os.Remove(dst) // may already be gone: Remove took it
		if os.Mkdir(dst, 0o777) != nil {
			return
		}
		if full = !full; full {
			keep := filepath.Join(dst, "keep")
			if os.WriteFile(keep, []byte("user data"), 0o666) != nil || os.Remove(keep) != nil {
				lost.Add(1)
			}
		}
		if err := syscall.Rmdir(dst); err != nil {
			lost.Add(1)
		}
	})
	var removed, notLink, missing int
	for range 20000 {
		err := symlink.Remove("target", dst)
		switch {
		case err == nil:
			removed++
		case errors.Is(err, symlink.ErrNotLink):
			notLink++
		case errors.Is(err, symlink.ErrNotExist):
			missing++
		default:
			t.Errorf("Remove while dst is swapped = %v, want success, ErrNotLink or ErrNotExist", err)
		}
	}
	stop()
	t.Logf("of 20000 Removes: %d removed a link, %d found no link, %d found nothing", removed, notLink, missing)
	if n := lost.Load(); n > 0 {
		t.Errorf("%d directories (or files in them) vanished: Remove removed what was not a link", n)
	}
}

// TestRemoveWithSyncOpensTheDirectoryFirst: in a directory the user may
// write but not read, the flush's directory cannot be opened, and Remove
// with WithSync fails (Op "sync", as Create there) before it removes
// anything; without it, it removes.
func TestRemoveWithSyncOpensTheDirectoryFirst(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {
		unreadable := filepath.Join(dir, "unreadable")
		if err := os.Mkdir(unreadable, 0o777); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, "target", filepath.Join(unreadable, "link"))
		if err := os.Chmod(unreadable, 0o333); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(unreadable, 0o777) })
	}, func(t *testing.T, dir string) {
		link := filepath.Join(dir, "unreadable", "link")
		err := symlink.Remove("target", link, symlink.WithSync())
		wantIs(t, err, "sync", "ErrPermission", "fs.ErrPermission")
		if _, lerr := os.Lstat(link); lerr != nil {
			t.Errorf("Remove with WithSync failed (%v) but the link is gone: %v", err, lerr)
		}
		if err := symlink.Remove("target", link); err != nil {
			t.Errorf("Remove without WithSync = %v, want the link removed", err)
		}
	})
}
