//go:build unix && !aix && !solaris

package symlink_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

// TestDryRunForeseesPermissions compares dry runs with real calls where the
// user may not write (as nobody when the tests run as root).
func TestDryRunForeseesPermissions(t *testing.T) {
	chmod := func(name string, mode os.FileMode) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
				t.Fatal(err)
			}
		}
	}
	setup := func(steps ...func(t *testing.T, dir string)) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, "old", filepath.Join(dir, "d", "l"))
			for _, s := range steps {
				s(t, dir)
			}
			t.Cleanup(func() { os.Chmod(filepath.Join(dir, "d"), 0o777) })
		}
	}
	cases := []dryRunCase{
		{name: "read-only directory", setup: setup(chmod("d", 0o555)), src: "x", dst: "d/new"},
		{name: "read-only directory, replace", setup: setup(chmod("d", 0o555)), src: "x", dst: "d/l",
			opts: []symlink.Option{symlink.WithReplace()}},
		{name: "read-only directory, parents", setup: setup(chmod("d", 0o555)), src: "x", dst: "d/a/b/l",
			opts: []symlink.Option{symlink.WithParents()}},
	}
	asUnprivileged(t, func(*testing.T, string) {}, func(t *testing.T, dir string) {
		// A directory that cannot be listed cannot be compared by
		// snapshots: the dry run's error is checked alone.
		setup(chmod("d", 0o333))(t, dir)
		err := symlink.Create("x", filepath.Join(dir, "d", "new"), symlink.WithSync(), symlink.WithDryRun())
		wantIs(t, err, "sync", "ErrPermission", "fs.ErrPermission")
		if _, err := os.Lstat(filepath.Join(dir, "d", "new")); !os.IsNotExist(err) {
			t.Errorf("the dry run in a write-only directory left d/new: %v", err)
		}
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				base := filepath.Join(dir, string(rune('a'+i)))
				dry, real := filepath.Join(base, "dry"), filepath.Join(base, "real")
				for _, d := range []string{dry, real} {
					if err := os.MkdirAll(d, 0o777); err != nil {
						t.Fatal(err)
					}
				}
				compareDryRun(t, dry, real, tc)
			})
		}
	})
}

// TestDryRunForeseesAStickyBackup: the backup of another user's file in a
// sticky directory is refused by a dry run as by the real call.
func TestDryRunForeseesAStickyBackup(t *testing.T) {
	asAnotherUser(t, func(t *testing.T, dir string) {
		stickyDirWithRootLink(t, dir)
	}, func(t *testing.T, dir string) {
		sticky := filepath.Join(dir, "sticky")
		perm := []string{"ErrPermission", "fs.ErrPermission"}
		runFault(t, sticky, fault{name: "dry run", src: "new", dst: "link",
			opts: []symlink.Option{symlink.WithBackup(""), symlink.WithDryRun()}, op: "backup", is: perm, errno: syscall.EPERM})
	})
}
