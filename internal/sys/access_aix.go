package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// Access reports, by faccessat(2), whether this process may use name in dir
// (the working directory when dir is nil) as mode asks. AIX answers for the
// real user only.
func Access(dir *os.File, name string, mode uint32) error {
	return ignoringEINTR(func() error { return unix.Faccessat(Fd(dir), name, mode, 0) })
}
