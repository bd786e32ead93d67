package symlink

import (
	"errors"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// renameOver puts the link at tmp in place of dst.
//
// A file link, or a file, is replaced in one step: MoveFileExW with
// MOVEFILE_REPLACE_EXISTING is Windows' rename(2). But Windows renames
// nothing over a directory entry, and a directory link or a junction is one;
// nor does it rename a directory entry over a file. Then the old entry is
// moved aside under a temporary name, the new link is moved in and the old
// one removed; should moving in fail, the old one is moved back. Between the
// two moves dst is missing: the one moment WithReplace cannot spare readers
// on Windows.
func renameOver(tmp, dst string) error {
	if !isDirEntry(tmp) && !isDirEntry(dst) {
		return win.rename(tmp, dst, windows.MOVEFILE_REPLACE_EXISTING)
	}
	return swapAside(tmp, dst)
}

// isDirEntry reports whether path is a directory, a directory link or a
// junction (GetFileAttributesW describes a link itself).
func isDirEntry(path string) bool {
	attrs, err := win.attributes(path)
	return err == nil && attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0
}

// swapAside moves dst aside, tmp to dst, and removes what dst was.
func swapAside(tmp, dst string) error {
	const dirOrLink = windows.FILE_ATTRIBUTE_DIRECTORY | windows.FILE_ATTRIBUTE_REPARSE_POINT
	if attrs, err := win.attributes(dst); err == nil && attrs&dirOrLink == windows.FILE_ATTRIBUTE_DIRECTORY {
		return dirAtDst // a real directory, put there since replaceLink looked
	}
	aside, err := createTemp(filepath.Dir(dst), func(name string) error { return win.rename(dst, name, 0) })
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return win.rename(tmp, dst, 0) // dst went away meanwhile: nothing to move aside
	case err != nil:
		return err
	}
	if err := win.rename(tmp, dst, 0); err != nil {
		if win.rename(aside, dst, 0) != nil {
			return &reason{
				msg:   errText(err) + "; the old link could not be put back and is at " + quote(aside),
				kind:  errnoKind(err),
				cause: err,
			}
		}
		return err
	}
	// The new link is in place, so the call has succeeded. An old link that
	// cannot be removed stays under its temporary name, which tempPrefix
	// documents as safe to remove.
	win.remove(aside)
	return nil
}
