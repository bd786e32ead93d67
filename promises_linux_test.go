package symlink_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

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
