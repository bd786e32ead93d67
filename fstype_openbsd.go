package symlink

import "golang.org/x/sys/unix"

func fsTypeName(dir string) ([]byte, error) {
	var st unix.Statfs_t
	err := unix.Statfs(dir, &st)
	return st.F_fstypename[:], err
}
