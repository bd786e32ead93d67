package symlink_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// syncChildEnv makes a re-executed test binary run the Create whose system
// calls TestSyncFlushesNewParents traces.
const syncChildEnv = "SYMLINK_TEST_SYNC_DST"

// TestSyncFlushesNewParents traces, with strace, a Create with WithSync and
// WithParents that makes a/b/c/link: the new link's directory and the
// directory each new parent was made in must each be flushed (fsync), or
// the link could be lost in a crash with its parents.
func TestSyncFlushesNewParents(t *testing.T) {
	if dst := os.Getenv(syncChildEnv); dst != "" {
		if err := symlink.Create("x", dst, symlink.WithSync(), symlink.WithParents()); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	trace := traceChild(t, "TestSyncFlushesNewParents", syncChildEnv+"="+filepath.Join(dir, "a", "b", "c", "link"))
	synced := fsyncedPaths(trace)
	want := []string{dir, filepath.Join(dir, "a"), filepath.Join(dir, "a", "b"), filepath.Join(dir, "a", "b", "c")}
	for _, w := range want {
		if !slices.Contains(synced, w) {
			t.Errorf("%s was not flushed; flushed: %q", w, synced)
		}
	}
}

// fsyncedPaths reads an strace log made with -y and returns the paths of
// the files fsync was called on.
func fsyncedPaths(trace string) []string {
	fsync := regexp.MustCompile(`fsync\(\d+<([^>]+)>`)
	var synced []string
	for _, m := range fsync.FindAllStringSubmatch(trace, -1) {
		synced = append(synced, m[1])
	}
	return synced
}

// fsAppendFL is FS_APPEND_FL of <linux/fs.h>, which x/sys/unix lacks.
const fsAppendFL = 0x20

// danglingChildEnv makes a re-executed test binary run the Create whose
// system calls TestParentThatIsADanglingLinkIsADeadEnd traces.
const danglingChildEnv = "SYMLINK_TEST_DANGLING_DST"

// TestParentThatIsADanglingLinkIsADeadEnd: with WithParents, a parent of
// dst that is a link to nothing cannot be made, as with "mkdir -p". Create
// must say so (ErrNotExist, nothing made) at once, not take it for a parent
// that a concurrent Create removed and try again and again.
func TestParentThatIsADanglingLinkIsADeadEnd(t *testing.T) {
	if dst := os.Getenv(danglingChildEnv); dst != "" {
		symlink.Create("x", dst, symlink.WithParents()) // judged by the parent
		return
	}
	for _, dst := range []string{filepath.Join("a", "l"), filepath.Join("a", "b", "c", "l")} {
		t.Run(filepath.ToSlash(dst), func(t *testing.T) {
			dir := t.TempDir()
			linksOrSkip(t, dir)
			if err := os.Symlink("nowhere", filepath.Join(dir, "a")); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			err := symlink.Create("x", filepath.Join(dir, dst), symlink.WithParents())
			if !errors.Is(err, symlink.ErrNotExist) || !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Create = %v; want ErrNotExist", err)
			}
			trace := traceChild(t, "TestParentThatIsADanglingLinkIsADeadEnd",
				danglingChildEnv+"="+filepath.Join(dir, dst))
			mkdirs := regexp.MustCompile(`(?m)^mkdirat\(.*`+regexp.QuoteMeta(dir)).FindAllString(trace, -1)
			if len(mkdirs) != 1 {
				t.Errorf("%d mkdir calls; want 1 (the one that finds the dangling link):\n%s",
					len(mkdirs), strings.Join(mkdirs, "\n"))
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the file system changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestBatchReplacingAnotherUsersFileIsAPermissionError: run as nobody, a
// Batch that replaces root's file in a directory anyone may write cannot
// keep the hard link its undo needs, because Linux refuses a hard link to
// another user's file (fs.protected_hardlinks). That is a permission
// problem, not a file system without hard links: ErrPermission, and
// nothing changed.
func TestBatchReplacingAnotherUsersFileIsAPermissionError(t *testing.T) {
	if b, err := os.ReadFile("/proc/sys/fs/protected_hardlinks"); err != nil || strings.TrimSpace(string(b)) != "1" {
		t.Skip("fs.protected_hardlinks is not on here")
	}
	asAnotherUser(t, func(t *testing.T, dir string) {
		writeFile(t, filepath.Join(dir, "roots"), "root's file")
		if err := os.Chmod(filepath.Join(dir, "roots"), 0o644); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, dir string) {
		before := snapshot(t, dir)
		var b symlink.Batch
		b.Add("new", filepath.Join(dir, "roots"), symlink.WithReplace())
		_, err := b.Apply(context.Background())
		if !errors.Is(err, symlink.ErrPermission) || errors.Is(err, symlink.ErrUnsupported) {
			t.Errorf("Apply = %v; want ErrPermission, not ErrUnsupported", err)
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("the tree changed (-before +after):\n%s", diff)
		}
	})
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
