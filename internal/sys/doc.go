// Package sys holds the system calls of package symlink that the os package
// does not offer, or offers only at a cost the library will not pay: the *at
// calls relative to a directory descriptor, reads that allocate nothing, the
// file system's type, access checks as the kernel makes them, and the bytes
// of Windows reparse points.
//
// It is a leaf: it imports nothing of the module, and only package symlink
// imports it. Every call is retried while the system answers EINTR, and every
// error is the system's own (a syscall.Errno), unwrapped: the caller names
// the paths and says what the error means.
package sys
