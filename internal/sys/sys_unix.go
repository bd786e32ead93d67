//go:build unix

package sys

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// PathMax is the longest path, in bytes with its NUL, that a system call
// takes.
const PathMax = unix.PathMax

// ELOOP is the error of a path with more links than the kernel follows.
const ELOOP = unix.ELOOP

// ignoringEINTR calls f until it answers something other than EINTR: a
// signal that arrives during a call interrupts it on some systems.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}

// ignoringEINTR2 is ignoringEINTR for a call that also returns a count.
func ignoringEINTR2(f func() (int, error)) (int, error) {
	for {
		if n, err := f(); err != unix.EINTR {
			return n, err
		}
	}
}

// Fd is the descriptor of dir for the *at system calls: the working
// directory when dir is nil.
func Fd(dir *os.File) int {
	if dir == nil {
		return unix.AT_FDCWD
	}
	return int(dir.Fd())
}

// Symlink makes path a symbolic link holding content: symlink(2), as
// os.Symlink makes it, without its *LinkError.
func Symlink(content, path string) error {
	return ignoringEINTR(func() error { return symlink(content, path) })
}

// Link makes name a hard link of old itself, never of what old points to.
func Link(old, name string) error {
	return ignoringEINTR(func() error { return link(old, name) })
}

// Rename is rename(2) alone. os.Rename first lstats the new name, a second
// system call, to report a directory there, which rename(2) refuses by
// itself (EISDIR).
func Rename(old, name string) error {
	return ignoringEINTR(func() error { return syscall.Rename(old, name) })
}

// IsDirAt reports whether name in dir is a directory, not following a link.
func IsDirAt(dir *os.File, name string) bool {
	var st unix.Stat_t
	err := ignoringEINTR(func() error { return unix.Fstatat(Fd(dir), name, &st, unix.AT_SYMLINK_NOFOLLOW) })
	return err == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR
}

// OpenDir opens the directory at path for reading, as os.Open does, in
// fewer system calls: os.Open tries to make the descriptor non-blocking and
// to add it to the runtime's poller, which a directory refuses, four calls
// more for every directory a Batch opens. A path that is not a directory is
// ENOTDIR.
func OpenDir(path string) (*os.File, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}
