package symlink

import (
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// stackBuf is the room kept on the stack for a path or a link's content;
// longer ones go to the heap.
const stackBuf = 256

// linkHolds reports whether name is a symbolic link holding content, with
// one readlinkat(2) into buffers on the stack: WithReplace makes this check
// on every call, and a deploy tool that runs it on every boot should find
// the link right without allocating. The error is readlinkat's.
func linkHolds(name, content string) (bool, error) {
	var pb [stackBuf]byte
	path, err := cString(pb[:0], name)
	if err != nil {
		return false, err
	}
	var cb [stackBuf]byte
	buf := cb[:]
	if len(content) >= len(buf) {
		buf = make([]byte, len(content)+1) // one more: a longer link shows
	}
	fd := unix.AT_FDCWD
	for {
		// syscall.Syscall6 keeps the buffers alive and in place (it is
		// go:uintptrkeepalive and go:nosplit), so they may live on the stack.
		n, _, e := syscall.Syscall6(unix.SYS_READLINKAT, uintptr(fd),
			uintptr(unsafe.Pointer(path)), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0)
		switch e {
		case 0:
			return int(n) == len(content) && string(buf[:n]) == content, nil
		case unix.EINTR:
			continue
		}
		return false, e
	}
}

// cString is s with a NUL byte after it, in buf when it fits.
func cString(buf []byte, s string) (*byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, unix.EINVAL
	}
	buf = append(append(buf, s...), 0)
	return &buf[0], nil
}
