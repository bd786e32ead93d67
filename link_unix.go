//go:build unix

package symlink

import (
	"os"

	"golang.org/x/sys/unix"
)

// stackBuf is the room kept on the stack for a path or a link's content;
// longer ones go to the heap.
const stackBuf = 256

// dirFd is the descriptor of dir for the *at system calls: the working
// directory when dir is nil.
func dirFd(dir *os.File) int {
	if dir == nil {
		return unix.AT_FDCWD
	}
	return int(dir.Fd())
}

// linkHolds reports whether name is a symbolic link holding content, with
// one readlinkat(2) and no allocation: WithReplace makes this check on
// every call, and a deploy tool that runs it on every boot should find the
// link right for free. The error is readlinkat's.
func linkHolds(name, content string) (bool, error) { return linkHoldsIn(nil, name, content) }

// linkHoldsIn is linkHolds of name in dir (the working directory when dir
// is nil).
func linkHoldsIn(dir *os.File, name, content string) (bool, error) {
	var cb [stackBuf]byte
	buf := contentBuf(cb[:], content)
	n, err := readlinkAt(dir, name, buf)
	return err == nil && string(buf[:n]) == content, err
}

// contentBuf is room to read a link that may hold content: buf, or a larger
// one. It has one byte more than content needs, so that a longer link shows.
func contentBuf(buf []byte, content string) []byte {
	if len(content) >= len(buf) {
		return make([]byte, len(content)+1)
	}
	return buf
}

// readLinkAt reads the link name in dir (the working directory when dir is
// nil): one readlinkat(2) for any content that fits the stack buffer.
func readLinkAt(dir *os.File, name string) (Link, error) {
	var sb [stackBuf]byte
	buf := sb[:]
	for {
		n, err := readlinkAt(dir, name, buf)
		switch {
		case err == unix.EINVAL:
			return Link{}, notALink(err)
		case err != nil:
			return Link{}, err
		case n < len(buf):
			return Link{Content: string(buf[:n])}, nil
		}
		buf = make([]byte, 2*len(buf))
	}
}

// removeLinkAt removes the link c.name in dir (see openDir) if it holds
// c.content: readlinkat(2), a comparison in memory, unlinkat(2) without
// AT_REMOVEDIR, which never removes a directory. See Remove for the moment
// between the two calls.
func (c *call) removeLinkAt(dir *os.File) error {
	var cb [stackBuf]byte
	buf := contentBuf(cb[:], c.content)
	n, err := readlinkAt(dir, c.name, buf)
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
	err = unlinkAt(dir, c.name)
	if err == unix.EISDIR || err == unix.EPERM && isDirAt(dir, c.name) {
		// Linux says EISDIR, the BSDs and macOS EPERM: a directory took
		// the link's place after it was read.
		return &reason{msg: "a directory took the link's place; it was not removed", kind: ErrNotLink, cause: err}
	}
	return err
}

// isDirAt reports whether name in dir is a directory, not following a link.
func isDirAt(dir *os.File, name string) bool {
	var st unix.Stat_t
	err := unix.Fstatat(dirFd(dir), name, &st, unix.AT_SYMLINK_NOFOLLOW)
	return err == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR
}
