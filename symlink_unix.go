//go:build unix

package symlink

import (
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// makeLink makes path a link holding c.content: one symlinkat(2), as
// os.Symlink, without its *LinkError.
func (c *call) makeLink(path string) error {
	for {
		err := sysSymlink(c.content, path)
		if err != unix.EINTR {
			return c.explain(err, path)
		}
	}
}

// explain turns the EPERM with which Linux and the BSDs refuse links on file
// systems that cannot hold them (FAT, exFAT, SMB) into ErrUnsupported.
func (c *call) explain(err error, path string) error {
	if err != unix.EPERM {
		return err
	}
	name := fsTypeOf(filepath.Dir(path))
	if !noLinks[name] {
		return err
	}
	return &reason{
		msg:   err.Error() + ": the " + name + " file system cannot hold symbolic links; create the link on another file system",
		kind:  ErrUnsupported,
		cause: err,
	}
}

// fsTypeOf is fsType; tests replace it to name a file system this machine
// may be unable to mount.
var fsTypeOf = fsType

// noLinks names the file systems (as fsType spells them) that have no
// symbolic links.
var noLinks = map[string]bool{
	"vfat": true, "msdos": true, "exfat": true, "cifs": true, "smb2": true, "smbfs": true,
}

// hardLink links name to the file at old, not following old if it is a
// symbolic link.
func hardLink(old, name string) error {
	for {
		err := sysLink(old, name)
		if err != unix.EINTR {
			return err
		}
	}
}

// noHardLinks reports whether err says that the file system cannot make a
// hard link here at all (Linux says EPERM), rather than that this one failed.
func noHardLinks(err error) bool {
	switch err {
	case unix.EPERM, unix.ENOTSUP, unix.ENOSYS, unix.EXDEV:
		return true
	}
	return err == unix.EOPNOTSUPP // ENOTSUP's twin on the BSDs
}

// ownsDst reports whether this process owns the link at dst or may act as
// its owner. Linux also says EPERM when fs.protected_hardlinks refuses a hard
// link to another user's file, which is no sign that the file system lacks
// hard links: then the backup fails rather than leave dst missing.
func (c *call) ownsDst() bool {
	fi, err := c.lstatAt(c.name)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && (int(st.Uid) == os.Geteuid() || os.Geteuid() == 0)
}

// renameOver puts the link at tmp in place of dst in one step: rename(2)
// replaces any non-directory atomically. It calls rename(2) alone: os.Rename
// first lstats dst, a second system call on every replace, to report a
// directory there, which rename(2) refuses by itself (EISDIR).
func renameOver(tmp, dst string) error {
	for {
		err := syscall.Rename(tmp, dst)
		if err != unix.EINTR {
			return err
		}
	}
}

// errnoKind is the sentinel an operating system error stands for.
func errnoKind(err error) error {
	errno, ok := err.(syscall.Errno)
	if !ok {
		return nil
	}
	if errno == unix.ENOTSUP { // EOPNOTSUPP's twin on the BSDs
		return ErrUnsupported
	}
	switch errno {
	case unix.EEXIST:
		return ErrExist
	case unix.ENOENT:
		return ErrNotExist
	case unix.EACCES, unix.EPERM, unix.EROFS:
		return ErrPermission
	case unix.ENOTDIR:
		return ErrNotDir
	case unix.EISDIR:
		return dirAtDst
	case unix.ENOSYS, unix.EOPNOTSUPP:
		return ErrUnsupported
	case unix.EINVAL, unix.ENAMETOOLONG:
		return ErrInvalid
	}
	return nil
}
