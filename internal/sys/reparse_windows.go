package sys

import (
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf16"

	"golang.org/x/sys/windows"
)

// The REPARSE_DATA_BUFFER of a symbolic link or a junction, as
// FSCTL_GET_REPARSE_POINT returns it and FSCTL_SET_REPARSE_POINT takes it
// (little-endian):
//
//	ReparseTag           uint32  IO_REPARSE_TAG_SYMLINK or IO_REPARSE_TAG_MOUNT_POINT
//	ReparseDataLength    uint16  bytes after this 8-byte header
//	Reserved             uint16
//	SubstituteNameOffset uint16  in PathBuffer, in bytes
//	SubstituteNameLength uint16  in bytes, without a NUL
//	PrintNameOffset      uint16
//	PrintNameLength      uint16
//	Flags                uint32  symbolic links only: SYMLINK_FLAG_RELATIVE
//	PathBuffer           []uint16
//
// The substitute name is what Windows follows (`\??\C:\dir` for an absolute
// path, the text as given for a relative one); the print name is what tools
// show, and may be empty.
const (
	reparseHeader  = 8
	symlinkNames   = reparseHeader + 12 // PathBuffer of a symbolic link
	junctionNames  = reparseHeader + 8  // PathBuffer of a junction
	symlinkRelFlag = 1                  // SYMLINK_FLAG_RELATIVE
)

// Reparse is what the REPARSE_DATA_BUFFER of a symbolic link or a junction
// holds.
type Reparse struct {
	Tag uint32 // IO_REPARSE_TAG_SYMLINK or IO_REPARSE_TAG_MOUNT_POINT
	// Content is the substitute name, its NT prefix dropped as os.Readlink
	// drops it (see DropNTPrefix); a relative link's as stored.
	Content string
}

// A MalformedError says what is wrong with a reparse point's data.
type MalformedError struct{ What string }

func (e *MalformedError) Error() string { return "malformed reparse data: " + e.What }

// An OtherTagError is the answer for a reparse point that is neither a
// symbolic link nor a junction: an app execution alias, a OneDrive
// placeholder, a deduplicated file.
type OtherTagError struct{ Tag uint32 }

func (e *OtherTagError) Error() string { return "a reparse point of another kind" }

// ErrTooLong is MountPointData's error for a target whose junction would not
// fit in a reparse point.
var ErrTooLong = errors.New("target too long for a junction")

// ParseReparse reads b, a REPARSE_DATA_BUFFER. Another tag than a symbolic
// link's or a junction's is an *OtherTagError; data shorter than their
// lengths say, names outside them, or an empty name are a *MalformedError.
func ParseReparse(b []byte) (Reparse, error) {
	if len(b) < reparseHeader {
		return Reparse{}, &MalformedError{"shorter than its header"}
	}
	le := binary.LittleEndian
	tag := le.Uint32(b)
	if size := reparseHeader + int(le.Uint16(b[4:])); size <= len(b) {
		b = b[:size]
	} else {
		return Reparse{}, &MalformedError{"shorter than its length says"}
	}
	names := junctionNames
	switch tag {
	case windows.IO_REPARSE_TAG_SYMLINK:
		names = symlinkNames
	case windows.IO_REPARSE_TAG_MOUNT_POINT:
	default:
		return Reparse{}, &OtherTagError{tag}
	}
	if len(b) < names {
		return Reparse{}, &MalformedError{"shorter than its name fields"}
	}
	off, n := int(le.Uint16(b[reparseHeader:])), int(le.Uint16(b[reparseHeader+2:]))
	path := b[names:]
	if off%2 != 0 || n%2 != 0 || off+n > len(path) {
		return Reparse{}, &MalformedError{"substitute name outside the buffer"}
	}
	u := make([]uint16, n/2)
	for i := range u {
		u[i] = le.Uint16(path[off+2*i:])
	}
	r := Reparse{Tag: tag, Content: string(utf16.Decode(u))}
	if tag == windows.IO_REPARSE_TAG_SYMLINK && le.Uint32(b[reparseHeader+8:])&symlinkRelFlag != 0 {
		return r, nil // relative: stored as given
	}
	if r.Content == "" {
		return Reparse{}, &MalformedError{"empty substitute name"}
	}
	r.Content = DropNTPrefix(r.Content)
	return r, nil
}

// DropNTPrefix turns the NT path of an absolute link into the Win32 path
// os.Readlink gives: `\??\C:\x` is `C:\x`, `\??\UNC\s\x` is `\\s\x`, and any
// other `\??\x` (a volume GUID) is `\\?\x`. A path without the prefix is
// returned as it is. The NT namespace ignores case, and so does the `UNC\`
// test.
func DropNTPrefix(p string) string {
	rest, ok := strings.CutPrefix(p, `\??\`)
	switch {
	case !ok:
		return p
	case len(rest) >= 2 && rest[1] == ':':
		return rest
	case len(rest) >= 4 && strings.EqualFold(rest[:4], `UNC\`):
		return `\\` + rest[4:]
	}
	return `\\?\` + rest
}

// MountPointData is the REPARSE_DATA_BUFFER of a junction to target, an
// absolute path such as `C:\dir`: the substitute name `\??\C:\dir`, the NT
// form the system follows, then the print name `C:\dir` that tools show,
// each with a NUL.
func MountPointData(target string) ([]byte, error) {
	subst, err := windows.UTF16FromString(`\??\` + target)
	if err != nil {
		return nil, err
	}
	shown, err := windows.UTF16FromString(target)
	if err != nil {
		return nil, err
	}
	size := junctionNames + 2*(len(subst)+len(shown))
	if size > windows.MAXIMUM_REPARSE_DATA_BUFFER_SIZE {
		return nil, ErrTooLong
	}
	b := make([]byte, size)
	le := binary.LittleEndian
	le.PutUint32(b[0:], windows.IO_REPARSE_TAG_MOUNT_POINT)
	le.PutUint16(b[4:], uint16(size-reparseHeader))
	le.PutUint16(b[8:], 0)
	le.PutUint16(b[10:], uint16(2*(len(subst)-1)))
	le.PutUint16(b[12:], uint16(2*len(subst)))
	le.PutUint16(b[14:], uint16(2*(len(shown)-1)))
	for i, u := range append(subst, shown...) {
		le.PutUint16(b[junctionNames+2*i:], u)
	}
	return b, nil
}
