package symlink

import "golang.org/x/sys/windows"

// hardLink links name to the entry at old itself: CreateHardLinkW links a
// symbolic link, not its target. Windows makes no hard link of a directory
// entry (a directory link, a junction), and says so with
// ERROR_ACCESS_DENIED, the answer a denied right gets too: only for a
// directory entry is that turned into ERROR_NOT_SUPPORTED, which
// noHardLinks takes as "no hard link of this".
func hardLink(old, name string) error {
	err := win.hardLink(old, name)
	if err == windows.ERROR_ACCESS_DENIED {
		if dir, _ := dirEntry(old); dir {
			return windows.ERROR_NOT_SUPPORTED
		}
	}
	return err
}

// noHardLinks reports whether err says that no hard link of this entry can
// be made here at all (FAT, a network share without them, a directory
// entry), rather than that this one failed: ERROR_ACCESS_DENIED is a right
// denied, ErrPermission, unless hardLink found a directory entry.
func noHardLinks(err error) bool {
	switch err {
	case windows.ERROR_INVALID_FUNCTION, windows.ERROR_NOT_SUPPORTED, windows.ERROR_NOT_SAME_DEVICE:
		return true
	}
	return false
}

// ownsDst is true: Windows refuses no hard link for its owner's sake.
func (c *call) ownsDst() bool { return true }

// copyLink makes tmp a link holding what the link at name holds: the same
// content and kind, a junction for a junction. It is how a Batch keeps,
// for its undo, a link that Windows will not hard-link: a directory link
// or a junction. Anything else at name, or a name in a directory opened by
// descriptor, is errNotCopied.
func (c *call) copyLink(name, tmp string) error {
	if c.at != nil {
		return errNotCopied
	}
	l, err := readLinkAt(nil, name)
	if err != nil {
		return errNotCopied
	}
	if l.Junction {
		data, err := mountPointData(l.Content)
		if err != nil {
			return err
		}
		return win.junction(tmp, data)
	}
	var flags uint32
	if l.Kind == KindDir {
		flags = windows.SYMBOLIC_LINK_FLAG_DIRECTORY
	}
	if err := createSymlink(tmp, storedContent(l.Content), flags); err != nil {
		return err
	}
	return verifyLink(tmp)
}
