//go:build unix

package symlink

import "golang.org/x/sys/unix"

// errLoop is the error for a path with more links than the kernel would
// follow: ELOOP, as the kernel would have said.
var errLoop error = unix.ELOOP
