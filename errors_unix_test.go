//go:build unix

package symlink_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestPermissionIsNotPrivilege makes a link in a directory the process may
// not write: EACCES is ErrPermission, never ErrPrivilege (which would send
// the user looking for Developer Mode).
func TestPermissionIsNotPrivilege(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {
		os.Mkdir(filepath.Join(dir, "locked"), 0o555)
		os.Symlink("old", filepath.Join(dir, "locked", "link"))
		os.Chmod(filepath.Join(dir, "locked"), 0o555)
	}, func(t *testing.T, dir string) {
		locked := filepath.Join(dir, "locked")
		before := snapshot(t, dir)
		for _, tc := range []struct {
			name string
			opts []symlink.Option
			op   string
		}{
			{"create", nil, "symlink"},
			{"replace", []symlink.Option{symlink.WithReplace()}, "symlink"},
			{"parents", []symlink.Option{symlink.WithParents()}, "mkdir"},
		} {
			dst := filepath.Join(locked, "new")
			switch tc.name {
			case "replace":
				dst = filepath.Join(locked, "link")
			case "parents":
				dst = filepath.Join(locked, "sub", "link")
			}
			err := symlink.Create("target", dst, tc.opts...)
			t.Run(tc.name, func(t *testing.T) {
				wantIs(t, err, tc.op, "ErrPermission", "fs.ErrPermission")
			})
		}
		if err := symlink.Check(locked); err == nil {
			t.Error("Check(unwritable dir) = nil, want ErrPermission")
		} else {
			wantIs(t, err, "check", "ErrPermission", "fs.ErrPermission")
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("tree changed (-before +after):\n%s", diff)
		}
	})
}
