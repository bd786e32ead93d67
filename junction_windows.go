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
// network target cannot have one. A junction is a new directory with a
// reparse point set on it: both steps, and the removal of the directory
// should the second fail, go through one handle (see createJunction).
func (c *call) makeJunction(path string) error {
	target, err := junctionTarget(c.targetPath())
	if err != nil {
		return err
	}
	data, err := mountPointData(target)
	if err != nil {
		return err
	}
	if err := win.junction(path, data); err != nil {
		return err
	}
	c.junctionHolds = target
	return nil
}

// junctionTarget is the absolute local path a junction to target holds. A
// verbatim path (`\\?\C:\…`) is taken as written, as Windows takes it:
// filepath.Abs would clean it, and its ".." would then name another
// directory. Windows follows a junction only to a local drive: a UNC path,
// or a drive letter mapped to a network share, is refused.
func junctionTarget(target string) (string, error) {
	abs := target
	if !isExtended(target) {
		var err error
		if abs, err = filepath.Abs(target); err != nil {
			return "", err
		}
	}
	abs = strings.TrimPrefix(strings.TrimPrefix(abs, `\\?\`), `\??\`)
	local := true
	if vol := filepath.VolumeName(abs); len(vol) != 2 || vol[1] != ':' {
		local = false
	} else if _, _, remote := win.volume(abs); remote {
		local = false
	}
	if !local {
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
