//go:build unix && !aix && !solaris

package symlink_test

import (
	"os"
	"path/filepath"
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
