package sys

import "golang.org/x/sys/unix"

// fsTypeName is the file system's name as the system spells it, NUL-padded.
func fsTypeName(dir string) ([]byte, error) {
	var st unix.Statvfs_t
	err := ignoringEINTR(func() error { return unix.Statvfs(dir, &st) })
	return st.Fstypename[:], err
}
