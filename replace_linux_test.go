package symlink_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"golang.org/x/sys/unix"
)

// TestLeftoverIsNamed replaces a link in an append-only directory
// (chattr +a): the temporary link can be made but neither renamed over dst
// nor removed. The error must name it, so that the caller can clean up.
func TestLeftoverIsNamed(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	mustCreate(t, "old", filepath.Join(dir, "link"))
	if err := setAppendOnly(dir, true); err != nil {
		t.Skipf("cannot make a directory append-only here (needs root and ext4, xfs or btrfs): %v", err)
	}
	t.Cleanup(func() { setAppendOnly(dir, false) })
	err := symlink.Create("new", filepath.Join(dir, "link"), symlink.WithReplace())
	wantIs(t, err, "replace", "ErrPermission", "fs.ErrPermission")
	m := regexp.MustCompile(`left behind "([^"]+)"`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("error %q names no leftover", err)
	}
	if got := readlink(t, m[1]); got != "new" {
		t.Errorf("the leftover %s holds %q, want the new link's content %q", m[1], got, "new")
	}
	if filepath.Dir(m[1]) != dir {
		t.Errorf("the leftover %s is not in %s", m[1], dir)
	}
}

func setAppendOnly(dir string, on bool) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		return err
	}
	if on {
		flags |= fsAppendFL
	} else {
		flags &^= fsAppendFL
	}
	return unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags))
}

// TestBackupOfAnotherUsersNameUnderProtectedHardlinks: run as nobody in a
// directory anyone may write (no sticky bit), a backup of root's link or
// file needs a hard link to it, which Linux refuses (fs.protected_hardlinks).
// Create says so before it makes anything, with ErrPermission, and its dry
// run foresees it; a file the user may read and write may be linked. The
// same holds through a root opened by a relative name, after a change of
// directory: the files are judged through the root, not by its name.
func TestBackupOfAnotherUsersNameUnderProtectedHardlinks(t *testing.T) {
	if b, err := os.ReadFile("/proc/sys/fs/protected_hardlinks"); err != nil || strings.TrimSpace(string(b)) != "1" {
		t.Skip("fs.protected_hardlinks is not on here")
	}
	asAnotherUser(t, func(t *testing.T, dir string) {
		mustCreate(t, "old", filepath.Join(dir, "link"))
		for name, mode := range map[string]os.FileMode{"private": 0o644, "shared": 0o666, "shared2": 0o666} {
			writeFile(t, filepath.Join(dir, name), name)
			if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
				t.Fatal(err)
			}
		}
	}, func(t *testing.T, dir string) {
		t.Chdir(filepath.Dir(dir))
		in := openRoot(t, filepath.Base(dir))
		t.Chdir("/")
		for _, name := range []string{"link", "private"} {
			for _, opts := range [][]symlink.Option{nil, {symlink.WithinRoot(in)}} {
				before := snapshot(t, dir)
				dst := filepath.Join(dir, name)
				if opts != nil {
					dst = name
				}
				opts = append(opts, symlink.WithBackup(""))
				err := symlink.Create("new", dst, append(opts, symlink.WithDryRun())...)
				wantIs(t, err, "backup", "ErrPermission", "fs.ErrPermission")
				err = symlink.Create("new", dst, opts...)
				wantIs(t, err, "backup", "ErrPermission", "fs.ErrPermission")
				if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
					t.Errorf("the refused backup of %s changed the tree (-before +after):\n%s", name, diff)
				}
			}
		}
		var r symlink.Result
		if err := symlink.Create("new", filepath.Join(dir, "shared"), symlink.WithBackup(""), symlink.WithResult(&r)); err != nil || r.Backup == "" {
			t.Errorf("backup of a file this user may read and write = %+v, %v; want it made", r, err)
		}
		if err := symlink.Create("new", "shared2", symlink.WithBackup(""), symlink.WithinRoot(in), symlink.WithResult(&r)); err != nil || r.Backup == "" {
			t.Errorf("backup, through the root, of a file this user may read and write = %+v, %v; want it made", r, err)
		}
	})
}

// fsAppendFL is FS_APPEND_FL of <linux/fs.h>, which x/sys/unix lacks.
const fsAppendFL = 0x20
