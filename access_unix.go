//go:build unix && !aix

package symlink

import (
	"os"

	"golang.org/x/sys/unix"
)

// canAccess reports, by faccessat(2) with the effective user, as the kernel
// will judge it, whether this process may use name in dir (the working
// directory when dir is nil) as mode asks: EACCES, or EROFS for writing on
// a read-only file system.
func canAccess(dir *os.File, name string, mode uint32) error {
	return unix.Faccessat(dirFd(dir), name, mode, unix.AT_EACCESS)
}
