//go:build unix && !linux

package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// Unlinkat is unlinkat(2) of name in dir (the working directory when dir is
// nil) without AT_REMOVEDIR, so that it never removes a directory.
func Unlinkat(dir *os.File, name string) error {
	return ignoringEINTR(func() error { return unix.Unlinkat(Fd(dir), name, 0) })
}
