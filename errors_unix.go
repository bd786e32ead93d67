//go:build unix

package symlink

import (
	"syscall"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

// errnoKind is the sentinel an operating system error stands for.
func errnoKind(err error) error {
	errno, ok := err.(syscall.Errno)
	if !ok {
		return nil
	}
	if errno == unix.ENOTSUP { // EOPNOTSUPP's twin on the BSDs
		return ErrUnsupported
	}
	switch errno {
	case unix.EEXIST:
		return ErrExist
	case unix.ENOENT:
		return ErrNotExist
	case unix.EACCES, unix.EPERM, unix.EROFS:
		return ErrPermission
	case unix.ENOTDIR:
		return ErrNotDir
	case unix.EISDIR:
		return dirAtDst
	case unix.ENOSYS, unix.EOPNOTSUPP:
		return ErrUnsupported
	case unix.EINVAL, unix.ENAMETOOLONG:
		return ErrInvalid
	}
	return nil
}

// errLoop is the error for a path with more links than the kernel would
// follow: ELOOP, as the kernel would have said.
var errLoop error = sys.ELOOP
