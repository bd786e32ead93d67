package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// TryLock takes an exclusive lock on f without waiting: locked is false when
// another process holds it. AIX has no flock(2); fcntl(2)'s record locks
// belong to the process, so two opens in one process do not exclude each
// other.
func TryLock(f *os.File) (locked bool, err error) {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0}
	err = ignoringEINTR(func() error { return unix.FcntlFlock(f.Fd(), unix.F_SETLK, &lk) })
	if err == unix.EAGAIN || err == unix.EACCES {
		return false, nil
	}
	return err == nil, err
}
