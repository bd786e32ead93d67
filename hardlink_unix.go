//go:build unix

package symlink

import (
	"os"
	"syscall"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

// hardLink links name to the file at old, not following old if it is a
// symbolic link.
func hardLink(old, name string) error { return sys.Link(old, name) }

// noHardLinks reports whether err says that the file system cannot make a
// hard link here at all (Linux says EPERM), rather than that this one failed.
func noHardLinks(err error) bool {
	switch err {
	case unix.EPERM, unix.ENOTSUP, unix.ENOSYS, unix.EXDEV:
		return true
	}
	return err == unix.EOPNOTSUPP // ENOTSUP's twin on the BSDs
}

// ownsDst reports whether this process owns the link at dst or may act as
// its owner. Linux also says EPERM when fs.protected_hardlinks refuses a hard
// link to another user's file, which is no sign that the file system lacks
// hard links: then the backup fails rather than leave dst missing.
func (c *call) ownsDst() bool {
	fi, err := c.lstatAt(c.name)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && (int(st.Uid) == os.Geteuid() || os.Geteuid() == 0)
}

// copyLink makes tmp a symbolic link holding what the one at name holds:
// how a Batch keeps, for its undo, a link on a file system that makes no
// hard links. Anything else at name is errNotCopied.
func (c *call) copyLink(name, tmp string) error {
	var content string
	var err error
	if c.at != nil {
		content, err = c.at.Readlink(name)
	} else {
		content, err = os.Readlink(name)
	}
	if err != nil {
		return errNotCopied
	}
	if c.at != nil {
		return c.at.Symlink(content, tmp)
	}
	return sys.Symlink(content, tmp)
}
