package symlink

import (
	"io/fs"
	"syscall"
)

// isLink reports whether fi, from os.Lstat or os.Root.Lstat, describes a
// link that a path walk must follow: a symbolic link or a junction.
//
// Since Go 1.23 (GODEBUG winsymlink=1) only IO_REPARSE_TAG_SYMLINK sets
// ModeSymlink. A junction (IO_REPARSE_TAG_MOUNT_POINT) is ModeIrregular, and
// as a name surrogate, a stand-in for another directory, it loses ModeDir,
// though its attributes (fi.Sys()) still say FILE_ATTRIBUTE_DIRECTORY. A
// directory whose reparse point is no name surrogate (a cloud placeholder)
// keeps ModeDir, and the other tags (app execution aliases, deduplicated
// files) are on files, never on directories: none of them is a link. So a
// directory entry with a reparse point but without ModeDir is a link to
// another directory. fi.Sys() holds no tag, and none is needed.
func isLink(fi fs.FileInfo) bool {
	if fi.Mode()&fs.ModeSymlink != 0 {
		return true
	}
	const dirLink = syscall.FILE_ATTRIBUTE_DIRECTORY | syscall.FILE_ATTRIBUTE_REPARSE_POINT
	d, ok := fi.Sys().(*syscall.Win32FileAttributeData)
	return ok && d.FileAttributes&dirLink == dirLink && !fi.IsDir()
}
