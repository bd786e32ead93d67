package symlink

import "strconv"

// Kind says whether a link points to a file or to a directory. Unix links have
// no kind; Windows records one in the link and follows a file link to a
// directory (or the reverse) with an error, so a portable program states it.
type Kind uint8

const (
	// KindAuto makes a directory link when the target exists and is a
	// directory, or when src ends in a path separator; otherwise a file link.
	KindAuto Kind = iota
	// KindFile makes a file link. An existing target that is a directory is
	// an error ([ErrIsDir]) on every system.
	KindFile
	// KindDir makes a directory link. An existing target that is not a
	// directory is an error ([ErrNotDir]) on every system.
	KindDir
)

// String returns "auto", "file" or "dir", the spellings the CLI's --kind flag
// accepts; any other value prints as "Kind(N)".
func (k Kind) String() string {
	switch k {
	case KindAuto:
		return "auto"
	case KindFile:
		return "file"
	case KindDir:
		return "dir"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}
