package symlink

import (
	"encoding/binary"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
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
// absolute path such as `C:\dir`:
//
//	ReparseTag           uint32  IO_REPARSE_TAG_MOUNT_POINT
//	ReparseDataLength    uint16  bytes after this 8-byte header
//	Reserved             uint16
//	SubstituteNameOffset uint16  in PathBuffer, in bytes
//	SubstituteNameLength uint16  in bytes, without the NUL
//	PrintNameOffset      uint16
//	PrintNameLength      uint16
//	PathBuffer           []uint16  `\??\C:\dir` NUL `C:\dir` NUL
//
// The substitute name is what the system follows: the NT form of the path.
// The print name is what tools show.
func mountPointData(target string) ([]byte, error) {
	subst, err := windows.UTF16FromString(`\??\` + target)
	if err != nil {
		return nil, err
	}
	shown, err := windows.UTF16FromString(target)
	if err != nil {
		return nil, err
	}
	const header = 8 + 8 // the reparse header, then the four offsets and lengths
	size := header + 2*(len(subst)+len(shown))
	if size > windows.MAXIMUM_REPARSE_DATA_BUFFER_SIZE {
		return nil, &reason{msg: "target too long for a junction", kind: ErrInvalid}
	}
	b := make([]byte, size)
	le := binary.LittleEndian
	le.PutUint32(b[0:], windows.IO_REPARSE_TAG_MOUNT_POINT)
	le.PutUint16(b[4:], uint16(size-8))
	le.PutUint16(b[8:], 0)
	le.PutUint16(b[10:], uint16(2*(len(subst)-1)))
	le.PutUint16(b[12:], uint16(2*len(subst)))
	le.PutUint16(b[14:], uint16(2*(len(shown)-1)))
	for i, u := range append(subst, shown...) {
		le.PutUint16(b[header+2*i:], u)
	}
	return b, nil
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
