//go:build unix

package symlink

import (
	"os"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

// stackBuf is the room kept on the stack for a path or a link's content;
// longer ones go to the heap.
const stackBuf = 256

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
	n, err := sys.Readlinkat(dir, name, buf)
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
		n, err := sys.Readlinkat(dir, name, buf)
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
