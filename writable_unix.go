//go:build unix

package symlink

import (
	"os"

	"golang.org/x/sys/unix"
)

// writableDir reports whether this process may make and remove names in the
// directory name in dir ("." for dir itself; a path when dir is nil).
func writableDir(dir *os.File, name string) error {
	return canAccess(dir, name, unix.W_OK|unix.X_OK)
}
