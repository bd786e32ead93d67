package symlink

import (
	"errors"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// renameOver puts the link at tmp in place of dst.
//
// A file link, or a file, is replaced in one step, with POSIX semantics
// where the volume has them: MoveFileExW with MOVEFILE_REPLACE_EXISTING
// fails with ERROR_ACCESS_DENIED while any process has dst open, and
// os.Lstat and os.Readlink open it. But Windows renames nothing over a
// directory entry, and a directory link or a junction is one; nor does it
// rename a directory entry over a file. Then the old entry is moved aside
// under a temporary name, the new link is moved in and the old one removed;
// should moving in fail, the old one is moved back. Between the two moves
// dst is missing: the one moment WithReplace cannot spare readers on
// Windows.
func renameOver(tmp, dst string) error {
	newDir, _ := dirEntry(tmp)
	oldDir, oldLink := dirEntry(dst)
	switch {
	case oldDir && !oldLink:
		return dirAtDst // a directory, put there since replaceLink looked
	case !newDir && !oldDir:
		return replaceFile(tmp, dst)
	}
	return swapAside(tmp, dst)
}

// dirEntry reports whether path is a directory entry (a directory, a
// directory link or a junction) and whether it is a link; GetFileAttributesW
// describes a link itself. A directory with any other reparse point (a cloud
// placeholder, say) is a directory: it is never moved aside.
func dirEntry(path string) (dir, link bool) {
	attrs, tag, err := win.attributes(path)
	if err != nil {
		return false, false
	}
	return attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0, attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 && isLinkTag(tag)
}

// replaceFile renames tmp over dst with POSIX semantics, or with
// MoveFileExW where Windows or the file system does not know them. A
// read-only dst is replaced too, as rename(2) replaces it, where Windows
// knows FILE_RENAME_IGNORE_READONLY_ATTRIBUTE (10 version 1809 and later;
// before, it refuses the flag, and the rename is made without it).
func replaceFile(tmp, dst string) error {
	err := win.renameReplace(tmp, dst, windows.FILE_RENAME_IGNORE_READONLY_ATTRIBUTE)
	if err == windows.ERROR_INVALID_PARAMETER {
		err = win.renameReplace(tmp, dst, 0)
	}
	if noPOSIXRename(err) {
		return win.rename(tmp, dst, windows.MOVEFILE_REPLACE_EXISTING)
	}
	return err
}

// noPOSIXRename reports whether err says that a rename with POSIX semantics
// cannot be made here at all: Windows before 10 version 1607 (and Wine)
// reject the information class with ERROR_INVALID_PARAMETER, file systems
// without it (FAT, some network redirectors) answer ERROR_NOT_SUPPORTED or
// ERROR_INVALID_FUNCTION.
func noPOSIXRename(err error) bool {
	switch err {
	case windows.ERROR_INVALID_PARAMETER, windows.ERROR_NOT_SUPPORTED, windows.ERROR_INVALID_FUNCTION, windows.ERROR_CALL_NOT_IMPLEMENTED:
		return true
	}
	return false
}

// swapAside moves dst aside, tmp to dst, and removes what dst was.
func swapAside(tmp, dst string) error {
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
