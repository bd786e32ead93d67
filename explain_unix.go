//go:build unix

package symlink

import (
	"path/filepath"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/unix"
)

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
var fsTypeOf = sys.FSType

// noLinks names the file systems (as fsType spells them) that have no
// symbolic links.
var noLinks = map[string]bool{
	"vfat": true, "msdos": true, "exfat": true, "cifs": true, "smb2": true, "smbfs": true,
}

// explainAt is explain for a link made in the directory opened (c.at), as a
// Batch and WithinRoot make it.
func (c *call) explainAt(err error, path string) error { return c.explain(err, path) }
