package sys

import (
	"os"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// stackBuf is the room kept on the stack for a path; a longer one goes to
// the heap.
const stackBuf = 256

// Readlinkat is readlinkat(2) of name in dir (the working directory when dir
// is nil) into buf, returning the bytes written. It keeps the name's C string
// on the stack and lets buf live there too, so that reading a link allocates
// nothing: Create with WithReplace, Read and Remove all begin with it.
func Readlinkat(dir *os.File, name string, buf []byte) (int, error) {
	var pb [stackBuf]byte
	path, err := cString(pb[:0], name)
	if err != nil {
		return 0, err
	}
	fd := Fd(dir)
	return ignoringEINTR2(func() (int, error) {
		// syscall.Syscall6 keeps the buffers alive and in place (it is
		// go:uintptrkeepalive and go:nosplit), so they may live on the stack.
		n, _, e := syscall.Syscall6(unix.SYS_READLINKAT, uintptr(fd),
			uintptr(unsafe.Pointer(path)), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0)
		if e != 0 {
			return 0, e
		}
		return int(n), nil
	})
}

// Unlinkat is unlinkat(2) of name in dir (the working directory when dir is
// nil) without AT_REMOVEDIR, so that it never removes a directory; like
// Readlinkat it keeps the name's C string on the stack.
func Unlinkat(dir *os.File, name string) error {
	var pb [stackBuf]byte
	path, err := cString(pb[:0], name)
	if err != nil {
		return err
	}
	fd := Fd(dir)
	return ignoringEINTR(func() error {
		_, _, e := syscall.Syscall(unix.SYS_UNLINKAT, uintptr(fd), uintptr(unsafe.Pointer(path)), 0)
		if e != 0 {
			return e
		}
		return nil
	})
}

// Symlinkat is symlinkat(2): name in dir becomes a link holding content.
// Like Readlinkat it keeps both strings on the stack (a long content goes to
// the heap), so that a Batch's new links allocate nothing here.
func Symlinkat(content string, dir *os.File, name string) error {
	var cb, pb [stackBuf]byte
	c, err := cString(cb[:0], content)
	if err != nil {
		return err
	}
	path, err := cString(pb[:0], name)
	if err != nil {
		return err
	}
	fd := Fd(dir)
	return ignoringEINTR(func() error {
		_, _, e := syscall.Syscall(unix.SYS_SYMLINKAT, uintptr(unsafe.Pointer(c)), uintptr(fd), uintptr(unsafe.Pointer(path)))
		if e != 0 {
			return e
		}
		return nil
	})
}

// HasSymlinkat is whether Symlinkat works by descriptor on this system.
const HasSymlinkat = true

// cString is s with a NUL byte after it, in buf when it fits.
func cString(buf []byte, s string) (*byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, unix.EINVAL
	}
	buf = append(append(buf, s...), 0)
	return &buf[0], nil
}
