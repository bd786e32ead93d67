package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// fillUp writes files into dir until its file system has no room left:
// first no blocks (one big file), then no inodes (empty files). It keeps the
// names of the empty files so that a test can free a few inodes again.
func fillUp(t testing.TB, dir string) (empties []string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "big"))
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	for {
		if _, err = f.Write(block); err != nil {
			break
		}
	}
	f.Close()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("filling %s: %v; want ENOSPC in the end", dir, err)
	}
	for i := 0; ; i++ {
		name := filepath.Join(dir, "empty"+strconv.Itoa(i))
		f, err := os.Create(name)
		if errors.Is(err, syscall.ENOSPC) {
			return empties
		}
		if err != nil {
			t.Fatalf("filling %s: %v; want ENOSPC in the end", dir, err)
		}
		f.Close()
		empties = append(empties, name)
	}
}

// TestFullFileSystem fails for want of an inode (a short link needs only
// that on tmpfs) and for want of a block (a long content needs a page). The
// table of errors is silent on ENOSPC: it answers none of our sentinels, and
// errors.As reaches it.
func TestFullFileSystem(t *testing.T) {
	dir := testutil.MountTmpfs(t, 0, "size=64k,nr_inodes=64", func(dir string) {
		writeFile(t, filepath.Join(dir, "old"), "old content")
		if err := os.Symlink("old", filepath.Join(dir, "link")); err != nil {
			t.Fatal(err)
		}
		fillUp(t, dir)
	})
	long := strings.Repeat("long/", 100)
	for _, f := range []fault{
		{name: "create", src: "new", dst: "new", op: "symlink", errno: syscall.ENOSPC},
		{name: "create a long content", src: long, dst: "new", op: "symlink", errno: syscall.ENOSPC},
		{name: "WithReplace", src: "new", dst: "link",
			opts: []symlink.Option{symlink.WithReplace()}, op: "symlink", errno: syscall.ENOSPC},
		{name: "WithBackup", src: "new", dst: "link",
			opts: []symlink.Option{symlink.WithBackup("")}, op: "symlink", errno: syscall.ENOSPC},
		{name: "WithParents", src: "new", dst: "sub/link",
			opts: []symlink.Option{symlink.WithParents()}, op: "mkdir", errno: syscall.ENOSPC},
		{name: "WithRelative", src: filepath.Join(dir, "old"), dst: "new",
			opts: []symlink.Option{symlink.WithRelative()}, op: "symlink", errno: syscall.ENOSPC},
	} {
		t.Run(f.name, func(t *testing.T) { runFault(t, dir, f) })
	}
}

// TestBackupOnFullFileSystemNeverShowsDstMissing replaces a link with
// WithBackup on a tmpfs with one inode free: enough for the new link, not
// for the hard link that keeps the backup (tmpfs counts links as inodes).
// Such a failure is no sign that the file system cannot make hard links, so
// dst must not be renamed aside: a reader polling dst never finds it missing,
// and a Create that cannot keep the backup fails and changes nothing.
func TestBackupOnFullFileSystemNeverShowsDstMissing(t *testing.T) {
	var empties []string
	dir := testutil.MountTmpfs(t, 0, "size=64k,nr_inodes=64", func(dir string) {
		writeFile(t, filepath.Join(dir, "a"), "a")
		writeFile(t, filepath.Join(dir, "b"), "b")
		for _, src := range []string{"a", "b"} {
			if err := symlink.Create(src, filepath.Join(dir, "link"), symlink.WithBackup("")); err != nil {
				t.Fatal(err)
			}
		}
		empties = fillUp(t, dir)
	})
	if err := os.Remove(empties[0]); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "link")
	stop := watchMissing(func() string { return dst })
	// Either every Create succeeds without dst ever missing, or the first
	// that cannot keep the backup fails typed and changes nothing.
	var writes int
	var failed error
	for i := range 2000 {
		before := snapshot(t, dir)
		if failed = symlink.Create([]string{"a", "b"}[i%2], dst, symlink.WithBackup("")); failed != nil {
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the failed Create changed the tree; want it unchanged (-before +after):\n%s", diff)
			}
			break
		}
		writes++
	}
	reads, misses := stop()
	t.Logf("writes=%d reads=%d misses=%d, then: %v", writes, reads, misses, failed)
	if misses != 0 {
		t.Errorf("a reader found %s missing %d times in %d reads; want never", dst, misses, reads)
	}
	if failed != nil {
		var e *symlink.Error
		if !errors.As(failed, &e) || e.Op != "backup" || !errors.Is(failed, syscall.ENOSPC) {
			t.Errorf("Create = %v; want nil, or an *Error from step \"backup\" reaching ENOSPC", failed)
		}
	}
}

// TestRenameOverMountPoint makes the rename step fail with EBUSY: dst is a
// file with another file bind-mounted on it. The temporary link must go.
func TestRenameOverMountPoint(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("bind-mounting a file needs root")
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "dst")
	writeFile(t, dst, "under the mount")
	source := filepath.Join(t.TempDir(), "source")
	writeFile(t, source, "mounted")
	if err := syscall.Mount(source, dst, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount a file: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dst, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dst, err)
		}
	})
	for _, f := range []fault{
		{name: "WithReplace", src: "new", dst: "dst",
			opts: []symlink.Option{symlink.WithReplace()}, op: "replace", errno: syscall.EBUSY},
		// A mount point cannot be hard-linked (EXDEV) nor renamed (EBUSY):
		// the backup step fails first.
		{name: "WithBackup", src: "new", dst: "dst",
			opts: []symlink.Option{symlink.WithBackup("")}, op: "backup"},
	} {
		t.Run(f.name, func(t *testing.T) { runFault(t, dir, f) })
	}
}

// TestBackupOfAnotherUsersLinkNeverShowsDstMissing keeps backups of links
// owned by another user, in a directory anyone may write. Linux refuses the
// hard link (EPERM, fs.protected_hardlinks) although the file system has
// hard links: that is no reason to rename dst aside, so a reader polling dst
// never finds it missing; a Create that cannot keep the backup fails and
// changes nothing.
func TestBackupOfAnotherUsersLinkNeverShowsDstMissing(t *testing.T) {
	const links = 100
	if b, err := os.ReadFile("/proc/sys/fs/protected_hardlinks"); err != nil || strings.TrimSpace(string(b)) != "1" {
		t.Skip("needs fs.protected_hardlinks = 1")
	}
	asAnotherUser(t, func(t *testing.T, dir string) {
		writeFile(t, filepath.Join(dir, "old"), "old content")
		for i := range links {
			if err := os.Symlink("old", filepath.Join(dir, "l"+strconv.Itoa(i))); err != nil {
				t.Fatal(err)
			}
		}
	}, func(t *testing.T, dir string) {
		var cur atomic.Int64
		stop := watchMissing(func() string { return filepath.Join(dir, "l"+strconv.Itoa(int(cur.Load()))) })
		var writes, failures int
		for i := range links {
			cur.Store(int64(i))
			before := snapshot(t, dir)
			err := symlink.Create("new", filepath.Join(dir, "l"+strconv.Itoa(i)), symlink.WithBackup(""))
			if err == nil {
				writes++
				continue
			}
			failures++
			var e *symlink.Error
			if !errors.As(err, &e) || e.Op != "backup" || !errors.Is(err, symlink.ErrPermission) {
				t.Errorf("Create = %v; want nil, or an *Error from step \"backup\" answering ErrPermission", err)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the failed Create changed the tree; want it unchanged (-before +after):\n%s", shorten(diff))
			}
		}
		reads, misses := stop()
		t.Logf("writes=%d failures=%d reads=%d misses=%d", writes, failures, reads, misses)
		if misses != 0 {
			t.Errorf("a reader found a link being replaced missing %d times in %d reads; want never", misses, reads)
		}
	})
}
