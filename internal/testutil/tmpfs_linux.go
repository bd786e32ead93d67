package testutil

import (
	"os"
	"syscall"
	"testing"
)

// MountTmpfs mounts a new tmpfs with the given mount data (e.g. "size=64k")
// on a temporary directory, calls fill on it if not nil, remounts it with
// flags (e.g. syscall.MS_RDONLY) if not 0, and returns it. It skips the
// test, with the reason, where that is impossible (not root, no mount
// namespace rights). The tmpfs is unmounted when the test ends.
func MountTmpfs(t testing.TB, flags uintptr, data string, fill func(dir string)) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, data); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	if fill != nil {
		fill(dir)
	}
	if flags != 0 {
		if err := syscall.Mount("tmpfs", dir, "tmpfs", flags|syscall.MS_REMOUNT, data); err != nil {
			t.Skipf("cannot remount the tmpfs: %v", err)
		}
	}
	return dir
}
