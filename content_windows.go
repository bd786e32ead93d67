package symlink

import (
	"strings"
	"syscall"

	"github.com/symlinkgo/symlink/internal/sys"
)

// storedContent is content as a Windows link must hold it: Windows takes
// only `\` as a separator in a link's content, and a `/` makes a link that
// resolves to nothing. Both ways of making a link use it: CreateSymbolicLinkW
// converts only an absolute content itself, and os.Root.Symlink none.
func storedContent(content string) string { return strings.ReplaceAll(content, "/", `\`) }

// sameContent reports whether a link that os.Readlink reads back as stored
// holds what making a link with asked would store, so that WithReplace finds
// a link already right in the form Windows keeps it:
//
//   - A relative content, one rooted on the link's volume (`\x`) and one
//     that starts with `\??\` are stored as given, with `\` for `/`.
//   - CreateSymbolicLinkW makes every other content absolute and clean, as
//     GetFullPathNameW does (`C:x` from drive C's current directory, `.`
//     and `..` removed as text, trailing dots and spaces dropped), and stores
//     it in the NT form `\??\C:\x` or `\??\UNC\server\share\x`; a `\\?\`
//     path only has its prefix changed. os.Readlink strips the NT prefix
//     again.
//   - os.Root.Symlink (WithinRoot) stores an absolute content as given, so
//     the given form (with `\`) counts as well.
//
// A drive letter is compared without case, as Windows looks drives up.
func sameContent(stored, asked string) bool {
	if storedAs(stored, asked) {
		return true
	}
	// A junction's target, as read from its reparse point rather than by
	// os.Readlink, which removes the prefix.
	return strings.HasPrefix(stored, `\??\`) && storedAs(sys.DropNTPrefix(stored), asked)
}

// storedAs reports whether stored, as os.Readlink reads it back, is what
// CreateSymbolicLinkW made of asked.
func storedAs(stored, asked string) bool {
	given := storedContent(asked)
	if sameDrivePath(stored, given) {
		return true
	}
	made, ok := madeAbsolute(given)
	return ok && sameDrivePath(stored, made)
}

// madeAbsolute is what os.Readlink reads back from a link that
// CreateSymbolicLinkW made with content, when it makes content absolute.
// content holds `\` only.
func madeAbsolute(content string) (string, bool) {
	switch {
	case strings.HasPrefix(content, `\??\`):
		return "", false // "rooted" to CreateSymbolicLinkW: stored as given
	case strings.HasPrefix(content, `\\?\`):
		return sys.DropNTPrefix(`\??\` + content[4:]), true // the prefix becomes `\??\`, nothing else changes
	case strings.HasPrefix(content, `\\`) || len(content) >= 2 && content[1] == ':' && isLetter(content[0]):
		full, err := syscall.FullPath(content)
		if err != nil {
			return "", false
		}
		if strings.HasPrefix(full, `\\.\`) {
			return sys.DropNTPrefix(`\??\` + full[4:]), true // a device path: `\\.\` becomes `\??\`
		}
		return full, true
	}
	return "", false
}

// sameDrivePath compares two paths, a leading drive letter without case.
func sameDrivePath(a, b string) bool {
	if len(a) >= 2 && len(b) >= 2 && a[1] == ':' && b[1] == ':' && isLetter(a[0]) {
		return strings.EqualFold(a[:1], b[:1]) && a[1:] == b[1:]
	}
	return a == b
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
