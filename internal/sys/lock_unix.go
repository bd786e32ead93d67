//go:build unix && !aix

package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// TryLock takes an exclusive lock on f, held until f is closed, without
// waiting: locked is false when another open file holds it. The lock is
// flock(2)'s, which every process that asks honours.
func TryLock(f *os.File) (locked bool, err error) {
	err = ignoringEINTR(func() error { return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) })
	if err == unix.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}
