package symlink_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// TestReadOnlyFileSystem makes and replaces links on a read-only tmpfs:
// EROFS is ErrPermission, and nothing changes.
func TestReadOnlyFileSystem(t *testing.T) {
	dir := testutil.MountTmpfs(t, syscall.MS_RDONLY, "", func(dir string) {
		os.Symlink("old", filepath.Join(dir, "link"))
	})
	before := snapshot(t, dir)
	for _, tc := range []struct {
		name string
		dst  string
		opts []symlink.Option
		op   string
	}{
		{"create", "new", nil, "symlink"},
		{"replace", "link", []symlink.Option{symlink.WithReplace()}, "symlink"},
		{"backup", "link", []symlink.Option{symlink.WithBackup("")}, "symlink"},
		{"parents", "sub/link", []symlink.Option{symlink.WithParents()}, "mkdir"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := symlink.Create("target", filepath.Join(dir, tc.dst), tc.opts...)
			wantIs(t, err, tc.op, "ErrPermission", "fs.ErrPermission")
		})
	}
	wantIs(t, symlink.Check(dir), "check", "ErrPermission", "fs.ErrPermission")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-before +after):\n%s", diff)
	}
}

// TestFileSystemWithoutLinks makes a link on a FAT file system, which Linux
// refuses with EPERM: that is ErrUnsupported, not a permission problem, and
// the message names the file system.
func TestFileSystemWithoutLinks(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a FAT image needs root")
	}
	mkfs, err := exec.LookPath("mkfs.vfat")
	if err != nil {
		t.Skip("mkfs.vfat not installed (Debian: dosfstools)")
	}
	img := filepath.Join(t.TempDir(), "fat.img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, 4<<20); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(mkfs, img).CombinedOutput(); err != nil {
		t.Fatalf("mkfs.vfat: %v\n%s", err, out)
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-o", "loop", img, dir).CombinedOutput(); err != nil {
		t.Skipf("cannot loop-mount a FAT image: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })

	err = symlink.Create("target", filepath.Join(dir, "link"))
	wantIs(t, err, "symlink", "ErrUnsupported", "errors.ErrUnsupported")
	if !strings.Contains(err.Error(), "vfat") || !strings.Contains(err.Error(), "another file system") {
		t.Errorf("message %q should name the file system and what to do", err)
	}
	var errno syscall.Errno
	if e, ok := err.(*symlink.Error); !ok || !errors.As(e, &errno) || errno != syscall.EPERM {
		t.Errorf("errors.As(%v) reaches %v, want EPERM", err, errno)
	}
	wantIs(t, symlink.Check(dir), "check", "ErrUnsupported", "errors.ErrUnsupported")
	if diff := cmp.Diff(map[string]entry{".": {Type: "dir"}}, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-want +got):\n%s", diff)
	}
}
