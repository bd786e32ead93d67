package sys

import (
	"os"

	"golang.org/x/sys/windows"
)

// TryLock takes an exclusive lock on f, held until f is closed, without
// waiting: locked is false when another handle holds it. It locks one byte
// far past the end of any file, so that the lock keeps no reader out.
func TryLock(f *os.File) (locked bool, err error) {
	ol := windows.Overlapped{Offset: 0xFFFFFFFE, OffsetHigh: 0x7FFFFFFF}
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if err == windows.ERROR_LOCK_VIOLATION {
		return false, nil
	}
	return err == nil, err
}
