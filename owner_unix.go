//go:build unix

package symlink

import (
	"io/fs"
	"os"
	"syscall"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

// canKeepBackup finds out, before anything is made, whether the backup can
// be completed. In a directory with the sticky bit (/tmp) only the owner of
// a name, the owner of the directory or root may rename or remove it. The
// hard link the backup is made with belongs to dst's owner, so for another
// user's dst it could be neither renamed to the backup name nor removed
// again: each try would leave one more temporary name behind.
//
// On Linux with fs.protected_hardlinks, that hard link to another user's dst
// may be refused outright; that too is found out first.
func (c *call) canKeepBackup() error {
	if err := c.stickyBlocks(c.name, c.name+c.suffix); err != nil {
		return err
	}
	_, base := splitPath(c.dst)
	access := func(mode uint32) error {
		return c.inDir(c.dstDir(), base, func(dir *os.File, name string) error { return sys.Access(dir, name, mode) })
	}
	if fi, err := c.lstatAt(c.name); err == nil && hardLinkRefused(fi, access) {
		return &reason{
			msg:   "the system refuses a hard link to " + quote(c.joinDir(c.name)) + ", another user's, which the backup is made with (fs.protected_hardlinks)",
			kind:  ErrPermission,
			cause: unix.EPERM,
		}
	}
	return nil
}

// stickyBlocks reports, as an error, that one of names in dst's directory
// belongs to another user in a directory with the sticky bit, where this
// process may neither rename nor remove it.
func (c *call) stickyBlocks(names ...string) error {
	di, err := c.statDir()
	if err != nil || di.Mode()&fs.ModeSticky == 0 {
		return nil // the steps themselves report a directory they cannot use
	}
	uid := os.Geteuid()
	if uid == 0 || owner(di) == uid {
		return nil
	}
	for _, name := range names {
		if fi, err := c.lstatAt(name); err == nil && owner(fi) != uid {
			return &reason{
				msg:   quote(c.joinDir(name)) + " belongs to another user in a directory with the sticky bit, so it can be neither renamed nor removed",
				kind:  ErrPermission,
				cause: unix.EPERM,
			}
		}
	}
	return nil
}

// statDir describes dst's directory.
func (c *call) statDir() (fs.FileInfo, error) {
	if c.at != nil {
		return c.at.Stat(".")
	}
	return os.Stat(c.dir())
}

func owner(fi fs.FileInfo) int {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return -1
	}
	return int(st.Uid)
}

// linkCount is the number of names the file fi has.
func linkCount(fi fs.FileInfo) uint64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 1
	}
	return uint64(st.Nlink)
}

// fileKey identifies the file fi describes, for a map: its device and
// inode.
func fileKey(fi fs.FileInfo) (key [2]uint64, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return key, false
	}
	return [2]uint64{uint64(st.Dev), uint64(st.Ino)}, true
}

// writableDir reports whether this process may make and remove names in the
// directory name in dir ("." for dir itself; a path when dir is nil).
func writableDir(dir *os.File, name string) error {
	return sys.Access(dir, name, unix.W_OK|unix.X_OK)
}

// keepOwner gives f, which replaces old, old's owner and group, where this
// process may (root may; anyone else makes only their own files).
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		f.Chown(int(st.Uid), int(st.Gid))
	}
}
