package symlink

import (
	"errors"
	"io/fs"
	"strings"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/windows"
)

// allowUnprivilegedCreate is SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE,
// which x/sys/windows does not define: with it, Windows 10 build 14972 and
// later let any process make links once Developer Mode is on.
const allowUnprivilegedCreate = 0x2

// flagRejected is set once Windows has refused allowUnprivilegedCreate, so
// that later calls of this process do not ask twice.
var flagRejected atomic.Bool

// makeLink makes path a link holding c.content: a symbolic link, or with
// WithJunctionFallback a junction when a directory link lacks the privilege.
// It fails with fs.ErrExist when path is taken, as createTemp needs.
func (c *call) makeLink(path string) error {
	dir := c.linkKind() == KindDir
	var flags uint32
	if dir {
		flags = windows.SYMBOLIC_LINK_FLAG_DIRECTORY
	}
	// Windows takes only `\` in a link's content; a `/` would make a link
	// that resolves to nothing.
	err := createSymlink(path, strings.ReplaceAll(c.content, "/", `\`), flags)
	switch {
	case err == nil:
		return verifyLink(path)
	case err == windows.ERROR_PRIVILEGE_NOT_HELD && dir && c.junction:
		if jerr := c.makeJunction(path); jerr != nil {
			return junctionFailed(jerr)
		}
		return nil
	}
	return c.explain(err, path, dir)
}

// createSymlink calls CreateSymbolicLinkW, first with allowUnprivilegedCreate.
// Windows before build 14972 rejects that flag with ERROR_INVALID_PARAMETER,
// and only then is the call repeated without it. os.Symlink repeats on any
// error and so reports the second call's error for the first one's cause
// (golang/go#22874); here the first error is returned unless the retry shows
// that the flag was at fault.
func createSymlink(link, content string, flags uint32) error {
	if flagRejected.Load() {
		return win.symlink(link, content, flags)
	}
	err := win.symlink(link, content, flags|allowUnprivilegedCreate)
	if err != windows.ERROR_INVALID_PARAMETER {
		return err
	}
	retry := win.symlink(link, content, flags)
	if retry == windows.ERROR_INVALID_PARAMETER {
		return err // not the flag: something else is invalid
	}
	flagRejected.Store(true)
	return retry
}

// errNoLink is what a call that reported success but left nothing at the
// link's path means: the system only pretends to make links.
var errNoLink = &reason{
	msg:  "the system reported success but created no link, as Wine does; run the program on Windows to make links",
	kind: ErrUnsupported,
}

// verifyLink checks that a reparse point (a link or a junction) is now at
// path, because some environments answer success and create nothing.
func verifyLink(path string) error {
	attrs, err := win.attributes(path)
	switch {
	case err == nil && attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0:
		return nil
	case err == nil || errors.Is(err, fs.ErrNotExist):
		return errNoLink
	}
	return nil // cannot look: trust the system's answer
}

// hardLink links name to the file at old. CreateHardLinkW links a symbolic
// link itself, not its target; a directory link cannot be hard-linked.
func hardLink(old, name string) error {
	o, n, err := pathPair(old, name)
	if err != nil {
		return err
	}
	return windows.CreateHardLink(n, o, 0)
}

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
