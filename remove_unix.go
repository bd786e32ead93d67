//go:build unix

package symlink

import (
	"os"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

// Between reading and removing. No system can remove a name only if it
// still holds what was read, so a program that changes dst at the very
// moment Remove runs can have its change undone. removeLinkAt makes the two
// system calls the job needs and nothing in between: readlinkat(2), a
// comparison in memory, unlinkat(2). The window is the time from the first
// call's return to the second's lookup of the name: a string comparison and
// the entry into the kernel, less than either call takes (each is about 2µs
// on tmpfs). A link re-pointed, or a file put in the link's place, within it
// is removed. A directory never is: unlinkat(2) without AT_REMOVEDIR refuses
// directories, and Remove then reports ErrNotLink. Checking again before
// unlinkat (an lstat, or an open O_PATH descriptor) would only move the
// window, not close it, and widen it by one call. Renaming dst aside and
// checking it there would close it, but would make dst missing for a moment,
// even when it is the user's file that is then put back, and cost a third
// call; Remove does not do that. (On Windows there is no window: the link is
// opened as itself, read, compared and deleted through that one handle.)
//
// Under WithSync without WithinRoot, failing to open dst's directory is Op
// "sync", as in Create; under WithinRoot, which opens it anyway, Op
// "remove". A failed flush is Op "sync" too: the link is gone, whether that
// survives a crash is unknown.

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
