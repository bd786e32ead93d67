//go:build unix

package symlink

import "golang.org/x/sys/unix"

// pathMax is the longest path, in bytes with its NUL, that a system call
// takes.
const pathMax = unix.PathMax
