package symlink

import (
	"os"

	"golang.org/x/sys/unix"
)

// canAccess reports, by faccessat(2), whether this process may use name in
// dir (the working directory when dir is nil) as mode asks. AIX answers for
// the real user only.
func canAccess(dir *os.File, name string, mode uint32) error {
	return unix.Faccessat(dirFd(dir), name, mode, 0)
}
