package symlink_test

import "golang.org/x/sys/unix"

// makeNull makes a character device at path, as /dev/null.
func makeNull(path string) error {
	return unix.Mknod(path, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
}
