//go:build unix && !linux

package symlink

import (
	"os"

	"golang.org/x/sys/unix"
)

// unlinkAt is unlinkat(2) of name in dir (the working directory when dir is
// nil) without AT_REMOVEDIR, so that it never removes a directory.
func unlinkAt(dir *os.File, name string) error {
	for {
		err := unix.Unlinkat(dirFd(dir), name, 0)
		if err != unix.EINTR {
			return err
		}
	}
}
