//go:build unix && !aix && !solaris

package symlink

import "golang.org/x/sys/unix"

// sysSymlink is symlinkat(2) relative to the working directory.
func sysSymlink(content, path string) error { return unix.Symlink(content, path) }

// sysLink is linkat(2) without AT_SYMLINK_FOLLOW: a hard link to old
// itself, never to what old points to.
func sysLink(old, name string) error {
	return unix.Linkat(unix.AT_FDCWD, old, unix.AT_FDCWD, name, 0)
}
