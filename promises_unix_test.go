//go:build unix && !aix && !solaris

package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

// TestBackupInStickyDirOfAnotherUsersFile keeps a backup of a file that
// another user owns, in a directory with the sticky bit (/tmp). The hard
// link for the backup can be made (the file is writable by all), but
// neither renamed to the backup name nor removed again: Create must find
// that out before it makes anything, and fail with nothing left behind,
// however often it is tried.
func TestBackupInStickyDirOfAnotherUsersFile(t *testing.T) {
	asAnotherUser(t, func(t *testing.T, dir string) {
		stickyDirWithRootLink(t, dir)
		f := filepath.Join(dir, "sticky", "file")
		writeFile(t, f, "root's data")
		if err := os.Chmod(f, 0o666); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, dir string) {
		sticky := filepath.Join(dir, "sticky")
		perm := []string{"ErrPermission", "fs.ErrPermission"}
		for range 3 {
			runFault(t, sticky, fault{name: "WithBackup", src: "new", dst: "file",
				opts: []symlink.Option{symlink.WithBackup("")}, op: "backup", is: perm, errno: syscall.EPERM})
		}
	})
}

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

// TestTargetMustExistReportsTheRealCause: a target behind a directory the
// user may not search exists, but cannot be reached; that is a permission
// problem, not a missing target.
func TestTargetMustExistReportsTheRealCause(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {
		closed := filepath.Join(dir, "closed")
		if err := os.Mkdir(closed, 0o777); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(closed, "t"), "t")
		// Closed to everyone, its owner included: a test run by an
		// ordinary user is refused as nobody is.
		if err := os.Chmod(closed, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(closed, 0o700) })
		if err := os.Mkdir(filepath.Join(dir, "work"), 0o777); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, dir string) {
		if _, err := os.Stat(filepath.Join(dir, "closed", "t")); err == nil {
			t.Skip("this user may search a directory of mode 0 (CAP_DAC_READ_SEARCH): run the tests as root or as a user without privileges")
		}
		runFault(t, filepath.Join(dir, "work"), fault{name: "EACCES", src: "../closed/t", dst: "l",
			opts: []symlink.Option{symlink.WithTargetMustExist()}, op: "symlink",
			is: []string{"ErrPermission", "fs.ErrPermission"}, errno: syscall.EACCES})
	})
}
