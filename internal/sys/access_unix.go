//go:build unix && !aix

package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// Access reports, by faccessat(2) with the effective user, as the kernel will
// judge it, whether this process may use name in dir (the working directory
// when dir is nil) as mode (unix.R_OK, W_OK, X_OK) asks.
func Access(dir *os.File, name string, mode uint32) error {
	return ignoringEINTR(func() error { return unix.Faccessat(Fd(dir), name, mode, unix.AT_EACCESS) })
}
