//go:build !unix && !windows

package symlink

func hardLink(string, string) error { return errNoLinks }

func noHardLinks(error) bool { return false }

func (c *call) ownsDst() bool { return true }

func (c *call) copyLink(string, string) error { return errNotCopied }
