package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/testutil"
	"golang.org/x/sys/unix"
)

func TestRemoveOnAReadOnlyMountLeavesTheLink(t *testing.T) {
	dir := testutil.MountTmpfs(t, syscall.MS_RDONLY, "size=64k", func(dir string) {
		mustCreate(t, "target", filepath.Join(dir, "link"))
	})
	before := snapshot(t, dir)
	link := filepath.Join(dir, "link")
	if l, err := symlink.Read(link); err != nil || l.Content != "target" {
		t.Errorf("Read on a read-only mount = %+v, %v; want the content", l, err)
	}
	for _, opts := range [][]symlink.Option{nil, {symlink.WithSync()}} {
		err := symlink.Remove("target", link, opts...)
		wantIs(t, err, "remove", "ErrPermission", "fs.ErrPermission")
	}
	err := symlink.Remove("link", "link", symlink.WithinRoot(openRoot(t, dir)))
	wantIs(t, err, "remove", "ErrNotLink") // compared before any write
	err = symlink.Remove("target", "link", symlink.WithinRoot(openRoot(t, dir)))
	wantIs(t, err, "remove", "ErrPermission", "fs.ErrPermission")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Remove on a read-only mount changed it (-before +after):\n%s", diff)
	}
}

// TestRemoveNeverRemovesADirectoryExchangedIn exchanges dst, a link holding
// what Remove asks for, with a directory holding a file, atomically
// (renameat2 RENAME_EXCHANGE), while Remove runs in a loop: many Removes
// read the link and then find the directory in its place. The directory and
// its file must survive.
func TestRemoveNeverRemovesADirectoryExchangedIn(t *testing.T) {
	if testing.Short() {
		t.Skip("races a swapping goroutine; skipped with -short")
	}
	dir := t.TempDir()
	dst, spare := filepath.Join(dir, "dst"), filepath.Join(dir, "spare")
	mustCreate(t, "target", dst)
	if err := os.Mkdir(spare, 0o777); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(spare, "keep"), "user data")
	if err := unix.Renameat2(unix.AT_FDCWD, dst, unix.AT_FDCWD, spare, unix.RENAME_EXCHANGE); err != nil {
		t.Skipf("renameat2 RENAME_EXCHANGE: %v", err)
	}
	stop := meanwhile(func() {
		if unix.Renameat2(unix.AT_FDCWD, dst, unix.AT_FDCWD, spare, unix.RENAME_EXCHANGE) == unix.ENOENT {
			// Remove took the link: put it back where it is missing.
			if os.Symlink("target", dst) != nil {
				os.Symlink("target", spare)
			}
		}
	})
	var removed, dirSeen int
	for range 20000 {
		err := symlink.Remove("target", dst)
		switch {
		case err == nil:
			removed++
		case errors.Is(err, symlink.ErrNotLink) && strings.Contains(err.Error(), "took the link's place"):
			dirSeen++
		case errors.Is(err, symlink.ErrNotLink), errors.Is(err, symlink.ErrNotExist):
		default:
			t.Errorf("Remove while dst is exchanged = %v, want success, ErrNotLink or ErrNotExist", err)
		}
	}
	stop()
	t.Logf("of 20000 Removes: %d removed the link; %d read the link, then found the directory in its place", removed, dirSeen)
	kept := 0
	for _, p := range []string{dst, spare} {
		if b, err := os.ReadFile(filepath.Join(p, "keep")); err == nil && string(b) == "user data" {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("the directory and its file are gone: Remove removed what was not a link")
	}
}
