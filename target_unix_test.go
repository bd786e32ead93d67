//go:build unix && !aix && !solaris

package symlink_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

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
