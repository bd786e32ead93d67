package symlink

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// errnoKind is the sentinel a Windows error code stands for. makeLink
// explains the codes of an unsupported file system further, naming it, and
// ERROR_NOT_A_REPARSE_POINT, which means "no links here" only on a network
// share and so is not mapped here.
func errnoKind(err error) error {
	errno, ok := err.(syscall.Errno)
	if !ok {
		return nil
	}
	switch errno {
	case windows.ERROR_ALREADY_EXISTS, windows.ERROR_FILE_EXISTS:
		return ErrExist
	case windows.ERROR_FILE_NOT_FOUND, windows.ERROR_PATH_NOT_FOUND:
		return ErrNotExist
	case windows.ERROR_ACCESS_DENIED, windows.ERROR_WRITE_PROTECT:
		return ErrPermission
	case windows.ERROR_PRIVILEGE_NOT_HELD:
		return ErrPrivilege
	case windows.ERROR_DIRECTORY:
		return ErrNotDir
	case windows.ERROR_INVALID_FUNCTION, windows.ERROR_NOT_SUPPORTED, windows.ERROR_SYMLINK_NOT_SUPPORTED:
		return ErrUnsupported
	case windows.ERROR_INVALID_PARAMETER, windows.ERROR_INVALID_NAME, windows.ERROR_FILENAME_EXCED_RANGE:
		return ErrInvalid
	}
	return nil
}

// errLoop is the error for a path with more links than the kernel would
// follow.
var errLoop error = &reason{msg: "too many levels of symbolic links"}
