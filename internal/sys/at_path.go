//go:build aix || dragonfly || solaris

package sys

import (
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// Readlinkat reads the link name in dir (the working directory when dir is
// nil) into buf, returning the bytes written. golang.org/x/sys has no
// readlinkat(2) for these systems, so the link is read by its path, dir's
// name joined with name: under WithinRoot a link swapped into dst's parents
// meanwhile could be followed here, though the removal itself is still made
// relative to dir.
func Readlinkat(dir *os.File, name string, buf []byte) (int, error) {
	if dir != nil {
		name = strings.TrimSuffix(dir.Name(), "/") + "/" + name
	}
	return ignoringEINTR2(func() (int, error) { return unix.Readlink(name, buf) })
}
