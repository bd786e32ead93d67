package symlink

import "golang.org/x/sys/unix"

func fsTypeName(dir string) ([]byte, error) {
	var st unix.Statvfs_t
	err := unix.Statvfs(dir, &st)
	return st.Fstypename[:], err
}
