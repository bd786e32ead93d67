//go:build unix

package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// Rmdir removes the empty directory name in dir (the working directory
// when dir is nil): unlinkat(2) with AT_REMOVEDIR, which removes nothing
// else. A link or a file put where the directory was is ENOTDIR.
func Rmdir(dir *os.File, name string) error {
	return ignoringEINTR(func() error { return unix.Unlinkat(Fd(dir), name, unix.AT_REMOVEDIR) })
}
