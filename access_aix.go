package symlink

import "golang.org/x/sys/unix"

// writableDir reports whether this process may make and remove names in
// dir, by access(2), which AIX answers for the real user only.
func writableDir(dir string) error { return unix.Access(dir, unix.W_OK|unix.X_OK) }
