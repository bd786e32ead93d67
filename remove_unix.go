//go:build unix

package symlink

import (
	"os"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

// removeLinkAt removes the link c.name in dir (see openDir) if it holds
// c.content: readlinkat(2), a comparison in memory, unlinkat(2) without
// AT_REMOVEDIR, which never removes a directory. See Remove for the moment
// between the two calls.
func (c *call) removeLinkAt(dir *os.File) error {
	var cb [stackBuf]byte
	buf := contentBuf(cb[:], c.content)
	n, err := sys.Readlinkat(dir, c.name, buf)
	switch {
	case err == unix.EINVAL:
		return notALink(err)
	case err != nil:
		return err
	case string(buf[:n]) != c.content:
		if n < len(buf) {
			return c.holdsOther(string(buf[:n])) // read whole: it is shorter
		}
		l, err := readLinkAt(dir, c.name) // only to say what it holds
		switch {
		case err != nil:
			return err
		case l.Content == c.content:
			return &reason{msg: "the link was changed while it was read; it was not removed", kind: ErrNotLink}
		}
		return c.holdsOther(l.Content)
	}
	err = sys.Unlinkat(dir, c.name)
	if err == unix.EISDIR || err == unix.EPERM && sys.IsDirAt(dir, c.name) {
		// Linux says EISDIR, the BSDs and macOS EPERM: a directory took
		// the link's place after it was read.
		return &reason{msg: "a directory took the link's place; it was not removed", kind: ErrNotLink, cause: err}
	}
	return err
}
