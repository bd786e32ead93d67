package symlink

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/sys/windows"
)

// The REPARSE_DATA_BUFFER of a symbolic link or a junction, as
// FSCTL_GET_REPARSE_POINT returns it (little-endian):
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
// show, and may be empty. Like os.Readlink, parseReparse takes the
// substitute name and drops its NT prefix.
const (
	reparseHeader  = 8
	symlinkNames   = reparseHeader + 12 // PathBuffer of a symbolic link
	junctionNames  = reparseHeader + 8  // PathBuffer of a junction
	symlinkRelFlag = 1                  // SYMLINK_FLAG_RELATIVE
)

// errMalformed is the cause when a reparse point's data do not hold what
// their tag says.
func errMalformed(what string) error {
	return &reason{msg: "malformed reparse data: " + what, kind: ErrInvalid}
}

// parseReparse is the link described by attrs (the entry's file attributes)
// and b (its REPARSE_DATA_BUFFER). Another tag than a symbolic link's or a
// junction's (an app execution alias, a OneDrive placeholder, a
// deduplicated file) is ErrNotLink; data shorter than their lengths say, or
// names outside them, are ErrInvalid.
func parseReparse(attrs uint32, b []byte) (Link, error) {
	if attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT == 0 {
		return Link{}, notALink(nil)
	}
	if len(b) < reparseHeader {
		return Link{}, errMalformed("shorter than its header")
	}
	le := binary.LittleEndian
	tag := le.Uint32(b)
	if size := reparseHeader + int(le.Uint16(b[4:])); size <= len(b) {
		b = b[:size]
	} else {
		return Link{}, errMalformed("shorter than its length says")
	}
	var l Link
	names := junctionNames
	switch tag {
	case windows.IO_REPARSE_TAG_SYMLINK:
		names = symlinkNames
		l.Kind = KindFile
		if attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0 {
			l.Kind = KindDir
		}
	case windows.IO_REPARSE_TAG_MOUNT_POINT:
		l.Kind, l.Junction = KindDir, true
	default:
		return Link{}, &reason{msg: "a reparse point of another kind (tag 0x" + strconv.FormatUint(uint64(tag), 16) + "), not a symbolic link", kind: ErrNotLink}
	}
	if len(b) < names {
		return Link{}, errMalformed("shorter than its name fields")
	}
	off, n := int(le.Uint16(b[reparseHeader:])), int(le.Uint16(b[reparseHeader+2:]))
	path := b[names:]
	if off%2 != 0 || n%2 != 0 || off+n > len(path) {
		return Link{}, errMalformed("substitute name outside the buffer")
	}
	u := make([]uint16, n/2)
	for i := range u {
		u[i] = le.Uint16(path[off+2*i:])
	}
	l.Content = string(utf16.Decode(u))
	if tag == windows.IO_REPARSE_TAG_SYMLINK && le.Uint32(b[reparseHeader+8:])&symlinkRelFlag != 0 {
		return l, nil // relative: stored as given
	}
	if l.Content == "" {
		return Link{}, errMalformed("empty substitute name")
	}
	l.Content = dropNTPrefix(l.Content)
	return l, nil
}

// dropNTPrefix turns the NT path of an absolute link into the Win32 path
// os.Readlink gives: `\??\C:\x` is `C:\x`, `\??\UNC\s\x` is `\\s\x`, and any
// other `\??\x` (a volume GUID) is `\\?\x`.
func dropNTPrefix(p string) string {
	rest, ok := strings.CutPrefix(p, `\??\`)
	switch {
	case !ok:
		return p
	case len(rest) >= 2 && rest[1] == ':':
		return rest
	case strings.HasPrefix(rest, `UNC\`):
		return `\\` + rest[4:]
	}
	return `\\?\` + rest
}
