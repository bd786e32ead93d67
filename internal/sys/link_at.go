//go:build unix && !aix && !solaris

package sys

import "golang.org/x/sys/unix"

func symlink(content, path string) error { return unix.Symlink(content, path) }

// link is linkat(2) without AT_SYMLINK_FOLLOW: a hard link to old itself.
func link(old, name string) error {
	return unix.Linkat(unix.AT_FDCWD, old, unix.AT_FDCWD, name, 0)
}
