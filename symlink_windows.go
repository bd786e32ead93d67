package symlink

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// allowUnprivilegedCreate is SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE,
// which x/sys/windows does not define: with it, any process may make links
// once Developer Mode is on.
const allowUnprivilegedCreate = 0x2

// unprivilegedBuild is the first Windows build that knows
// allowUnprivilegedCreate (Windows 10 Insider build 14972, released as
// version 1703); earlier builds reject the flag with ERROR_INVALID_PARAMETER.
const unprivilegedBuild = 14972

// makeLink makes path a link holding c.content: a symbolic link, or with
// WithJunctionFallback a junction when a directory link lacks the privilege.
// It fails with fs.ErrExist when path is taken, as createTemp needs.
func (c *call) makeLink(path string) error {
	dir := c.linkKind() == KindDir
	var flags uint32
	if dir {
		flags = windows.SYMBOLIC_LINK_FLAG_DIRECTORY
	}
	err := createSymlink(path, storedContent(c.content), flags)
	switch {
	case err == nil:
		return verifyLink(path)
	case err == windows.ERROR_PRIVILEGE_NOT_HELD && dir && c.junction:
		if jerr := c.makeJunction(path); jerr != nil {
			return junctionFailed(jerr)
		}
		c.madeJunction = true
		return nil
	}
	return c.explain(err, path, dir)
}

// createSymlink calls CreateSymbolicLinkW, with allowUnprivilegedCreate
// where the build knows it, as Git for Windows decides. Trying the flag and
// retrying without it on ERROR_INVALID_PARAMETER cannot tell a rejected flag
// from an invalid name, and remembering the answer for the process turned
// one bad call into a privilege error for every later link (libuv did so,
// nodejs/node#27795); here ERROR_INVALID_PARAMETER is only ErrInvalid.
func createSymlink(link, content string, flags uint32) error {
	if win.build() >= unprivilegedBuild {
		flags |= allowUnprivilegedCreate
	}
	return win.symlink(link, content, flags)
}

// errNoLink is what a call that reported success but left nothing at the
// link's path means: the system only pretends to make links.
var errNoLink = &reason{
	msg:  "the system reported success but created no link, as Wine does; run the program on Windows to make links",
	kind: ErrUnsupported,
}

// verifyLink checks that a link or a junction is now at path, because some
// environments answer success and create nothing. Wine does so even where
// dst's directory is missing; Windows answers ERROR_PATH_NOT_FOUND there,
// and so does verifyLink rather than blame the system.
func verifyLink(path string) error {
	attrs, tag, err := win.attributes(path)
	switch {
	case err == nil && attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 && isLinkTag(tag):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		if _, perr := os.Stat(parentDir(path)); errors.Is(perr, fs.ErrNotExist) {
			return windows.ERROR_PATH_NOT_FOUND
		}
		return errNoLink
	case err == nil:
		return errNoLink
	}
	return nil // cannot look: trust the system's answer
}

// isLinkTag reports whether a reparse point's tag makes it a link: a
// symbolic link or a junction. The other tags (cloud placeholders,
// deduplicated files, app execution aliases) mark files and directories
// that programs read as such.
func isLinkTag(tag uint32) bool {
	return tag == windows.IO_REPARSE_TAG_SYMLINK || tag == windows.IO_REPARSE_TAG_MOUNT_POINT
}
