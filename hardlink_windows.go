package symlink

import "golang.org/x/sys/windows"

// hardLink links name to the file at old. CreateHardLinkW links a symbolic
// link itself, not its target; a directory link cannot be hard-linked.
func hardLink(old, name string) error {
	o, n, err := pathPair(old, name)
	if err != nil {
		return err
	}
	return windows.CreateHardLink(n, o, 0)
}

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
