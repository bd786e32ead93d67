//go:build aix || solaris

package symlink

import "syscall"

// sysSymlink is symlink(2); x/sys/unix has no symlinkat wrapper here.
func sysSymlink(content, path string) error { return syscall.Symlink(content, path) }

// sysLink is link(2). Both AIX and Solaris link a symbolic link itself,
// not what it points to, which is what a backup needs.
func sysLink(old, name string) error { return syscall.Link(old, name) }
