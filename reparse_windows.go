package symlink

import (
	"errors"
	"strconv"

	"github.com/symlinkgo/symlink/internal/sys"
	"golang.org/x/sys/windows"
)

// parseReparse is the link described by attrs (the entry's file attributes)
// and b (its REPARSE_DATA_BUFFER, read by sys.ParseReparse). Another tag
// than a symbolic link's or a junction's (an app execution alias, a OneDrive
// placeholder, a deduplicated file) is ErrNotLink; data shorter than their
// lengths say, or names outside them, are ErrInvalid.
func parseReparse(attrs uint32, b []byte) (Link, error) {
	if attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT == 0 {
		return Link{}, notALink(nil)
	}
	r, err := sys.ParseReparse(b)
	var other *sys.OtherTagError
	switch {
	case errors.As(err, &other):
		return Link{}, &reason{msg: "a reparse point of another kind (tag 0x" + strconv.FormatUint(uint64(other.Tag), 16) + "), not a symbolic link", kind: ErrNotLink}
	case err != nil:
		return Link{}, &reason{msg: err.Error(), kind: ErrInvalid}
	}
	l := Link{Content: r.Content, Kind: KindDir, Junction: r.Tag == windows.IO_REPARSE_TAG_MOUNT_POINT}
	if !l.Junction && attrs&windows.FILE_ATTRIBUTE_DIRECTORY == 0 {
		l.Kind = KindFile
	}
	return l, nil
}
