//go:build darwin || freebsd || dragonfly

package sys

import "golang.org/x/sys/unix"

// fsTypeName is the file system's name as the system spells it, NUL-padded.
func fsTypeName(dir string) ([]byte, error) {
	var st unix.Statfs_t
	err := ignoringEINTR(func() error { return unix.Statfs(dir, &st) })
	return st.Fstypename[:], err
}
