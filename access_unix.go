//go:build unix && !aix

package symlink

import "golang.org/x/sys/unix"

// writableDir reports whether this process may make and remove names in
// dir, by access(2) with the effective user, as the kernel will judge it:
// EACCES, or EROFS on a read-only file system.
func writableDir(dir string) error {
	return unix.Faccessat(unix.AT_FDCWD, dir, unix.W_OK|unix.X_OK, unix.AT_EACCESS)
}
