//go:build windows

package symlink

import (
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// kindMatters is true: Windows records in a link whether it leads to a
// directory.
const kindMatters = true

const symbolicLinkFlagAllowUnprivilegedCreate = 0x2

// makeLink makes path a link holding c.content.
func (c *call) makeLink(path string) error {
	var flags uint32 = symbolicLinkFlagAllowUnprivilegedCreate
	if c.linkKind() == KindDir {
		flags |= windows.SYMBOLIC_LINK_FLAG_DIRECTORY
	}
	p, err := windows.UTF16PtrFromString(fixLongPath(path))
	if err != nil {
		return err
	}
	t, err := windows.UTF16PtrFromString(fromSlash(c.content))
	if err != nil {
		return err
	}
	return windows.CreateSymbolicLink(p, t, flags)
}

func fromSlash(p string) string {
	b := []byte(p)
	for i := range b {
		if b[i] == '/' {
			b[i] = '\\'
		}
	}
	return string(b)
}

func fixLongPath(p string) string { return p }

func hardLink(old, name string) error { return os.Link(old, name) }

// syncDir does nothing: Windows cannot flush a directory.
func syncDir(string) error { return nil }

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
	case windows.ERROR_ACCESS_DENIED:
		return ErrPermission
	case windows.ERROR_PRIVILEGE_NOT_HELD:
		return ErrPrivilege
	case windows.ERROR_DIRECTORY:
		return ErrNotDir
	case windows.ERROR_INVALID_FUNCTION, windows.ERROR_NOT_SUPPORTED:
		return ErrUnsupported
	case windows.ERROR_INVALID_NAME, windows.ERROR_FILENAME_EXCED_RANGE:
		return ErrInvalid
	}
	return nil
}

// renameOver puts the link at tmp in place of dst.
func renameOver(tmp, dst string) error { return os.Rename(tmp, dst) }
