package symlink

import (
	"path/filepath"
	"strings"

	"github.com/symlinkgo/symlink/internal/sys"
)

// makeJunction makes path a junction (an NTFS mount point) to the directory
// the link would point to. Junctions need no privilege, which is why
// WithJunctionFallback uses them, but Windows follows one only to an
// absolute path on a local volume: the target is made absolute, and a
// network target cannot have one.
//
// A junction is an empty directory with a reparse point set on it, so it is
// made in two steps; if the second fails, the directory is removed again.
func (c *call) makeJunction(path string) error {
	target, err := junctionTarget(c.targetPath())
	if err != nil {
		return err
	}
	data, err := mountPointData(target)
	if err != nil {
		return err
	}
	if err := win.mkdir(path); err != nil {
		return err
	}
	err = win.setReparse(path, data)
	if err == nil {
		err = verifyLink(path)
	}
	if err == nil {
		c.junctionHolds = target
	}
	if err != nil {
		// Made for the junction only, and still empty. Should removing it
		// fail, the error that matters is the one above.
		win.remove(path)
		return err
	}
	return nil
}

// junctionTarget is the absolute local path a junction to target holds.
func junctionTarget(target string) (string, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	abs = strings.TrimPrefix(abs, `\\?\`)
	if vol := filepath.VolumeName(abs); len(vol) != 2 || vol[1] != ':' {
		return "", &reason{
			msg:  "a junction can point only to a local drive, not to " + quote(target) + "; turn on Developer Mode or run the program as administrator to make a symbolic link",
			kind: ErrUnsupported,
		}
	}
	return abs, nil
}

// mountPointData is the REPARSE_DATA_BUFFER of a junction to target, an
// absolute path such as `C:\dir`.
func mountPointData(target string) ([]byte, error) {
	b, err := sys.MountPointData(target)
	if err == sys.ErrTooLong {
		return nil, &reason{msg: err.Error(), kind: ErrInvalid}
	}
	return b, err
}

// holdsJunction reports whether the entry at name (a path, without
// WithinRoot) is a junction that Create with WithJunctionFallback would
// have made: then WithReplace finds dst already right.
func (c *call) holdsJunction(name string) bool {
	if !c.junction || c.at != nil {
		return false
	}
	l, err := readLinkAt(nil, name)
	return err == nil && l.Junction && c.madeAs(l)
}
