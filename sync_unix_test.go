//go:build unix && !aix && !solaris

package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

// TestSyncOpensTheDirectoryBeforeTheChange makes links in a directory the
// user may write but not read (mode 0333), so that it cannot be opened for
// the flush. A plain Create is a lock: it must not report failure while
// holding it. So the call fails with nothing made.
func TestSyncOpensTheDirectoryBeforeTheChange(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {
		wo := filepath.Join(dir, "wo")
		if err := os.Mkdir(wo, 0o777); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(wo, "old"), "old")
		if err := os.Symlink("old", filepath.Join(wo, "link")); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(wo, 0o333); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(wo, 0o777) })
	}, func(t *testing.T, dir string) {
		wo := filepath.Join(dir, "wo")
		if _, err := os.ReadDir(wo); err == nil {
			t.Skip("this user may read a mode 0333 directory: run the tests as root or as a user without privileges")
		}
		perm := []string{"ErrPermission", "fs.ErrPermission"}
		sync := symlink.WithSync()
		for _, f := range []fault{
			{name: "create", src: "new", dst: "new", opts: []symlink.Option{sync}, op: "sync", is: perm, errno: syscall.EACCES},
			{name: "WithReplace", src: "new", dst: "link",
				opts: []symlink.Option{sync, symlink.WithReplace()}, op: "sync", is: perm, errno: syscall.EACCES},
			{name: "WithParents", src: "new", dst: "a/b/new",
				opts: []symlink.Option{sync, symlink.WithParents()}, op: "sync", is: perm, errno: syscall.EACCES},
		} {
			t.Run(f.name, func(t *testing.T) {
				before, err := os.Lstat(filepath.Join(wo, "new"))
				if !errors.Is(err, os.ErrNotExist) && f.dst == "new" {
					t.Fatalf("new exists before: %v %v", before, err)
				}
				err = symlink.Create(f.src, filepath.Join(wo, f.dst), f.opts...)
				wantIs(t, err, f.op, f.is...)
				// The directory cannot be listed: look up each name.
				for _, name := range []string{"new", "a"} {
					if _, err := os.Lstat(filepath.Join(wo, name)); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("after the failed Create, %s: %v; want it missing", name, err)
					}
				}
				if got := readlink(t, filepath.Join(wo, "link")); got != "old" {
					t.Errorf("link holds %q after the failed Create; want %q", got, "old")
				}
			})
		}
	})
}
