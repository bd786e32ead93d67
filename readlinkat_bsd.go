//go:build darwin || freebsd || netbsd || openbsd

package symlink

import (
	"os"

	"golang.org/x/sys/unix"
)

// readlinkAt is readlinkat(2) of name in dir (the working directory when dir
// is nil) into buf, returning the bytes written.
func readlinkAt(dir *os.File, name string, buf []byte) (int, error) {
	for {
		n, err := unix.Readlinkat(dirFd(dir), name, buf)
		if err != unix.EINTR {
			return n, err
		}
	}
}
