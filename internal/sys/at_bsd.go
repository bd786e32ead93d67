//go:build darwin || freebsd || netbsd || openbsd

package sys

import (
	"os"

	"golang.org/x/sys/unix"
)

// Readlinkat is readlinkat(2) of name in dir (the working directory when dir
// is nil) into buf, returning the bytes written.
func Readlinkat(dir *os.File, name string, buf []byte) (int, error) {
	return ignoringEINTR2(func() (int, error) { return unix.Readlinkat(Fd(dir), name, buf) })
}

// Symlinkat is symlinkat(2): name in dir becomes a link holding content.
func Symlinkat(content string, dir *os.File, name string) error {
	return ignoringEINTR(func() error { return unix.Symlinkat(content, Fd(dir), name) })
}

// HasSymlinkat is whether Symlinkat works by descriptor on this system.
const HasSymlinkat = true
