package symlink

import "golang.org/x/sys/windows"

// noHardLinks reports whether err says that the volume cannot make a hard
// link here at all (FAT, a directory link), rather than that this one failed.
func noHardLinks(err error) bool {
	switch err {
	case windows.ERROR_INVALID_FUNCTION, windows.ERROR_NOT_SUPPORTED, windows.ERROR_ACCESS_DENIED, windows.ERROR_NOT_SAME_DEVICE:
		return true
	}
	return false
}

// ownsDst is true: Windows refuses no hard link for its owner's sake.
func (c *call) ownsDst() bool { return true }
