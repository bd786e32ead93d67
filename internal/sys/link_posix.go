//go:build aix || solaris

package sys

import "syscall"

// golang.org/x/sys has no symlinkat(2) or linkat(2) for these systems; their
// link(2) does not follow a symbolic link either.

func symlink(content, path string) error { return syscall.Symlink(content, path) }

func link(old, name string) error { return syscall.Link(old, name) }
