package symlink

// Read returns what the link at path holds, without following it: one
// readlink(2) on Unix. It reads Windows junctions too, which os.Readlink
// reads but os.Lstat no longer calls links.
//
// A path that is not a symbolic link or a junction (a file, a directory,
// another kind of Windows reparse point such as an app execution alias)
// fails with [ErrNotLink]; a missing one with [ErrNotExist]. A path ending
// in a separator fails with [ErrInvalid]: it would name the link's target.
//
// The only option is [WithinRoot]: path is then taken relative to the root,
// as in [Create], and read through it; a path outside the root fails with
// [ErrEscapesRoot]. Any other option fails with [ErrInvalid]. Every error is
// an [*Error] with Op "read".
func Read(path string, opts ...Option) (Link, error) {
	c := newCall("", path, opts)
	if err := c.validateRead(); err != nil {
		return Link{}, c.fail(opRead, err)
	}
	dir, err := c.openDir()
	if err != nil {
		return Link{}, c.fail(opRead, err)
	}
	if dir != nil {
		defer dir.Close()
	}
	l, err := readLinkAt(dir, c.name)
	if err != nil {
		return Link{}, c.fail(opRead, err)
	}
	return l, nil
}

func (c *call) validateRead() error {
	if err := validPath("link path", c.dst); err != nil {
		return err
	}
	if c.badOption {
		return &reason{msg: "nil Option", kind: ErrInvalid}
	}
	rest := c.config
	rest.root, rest.rooted = nil, false
	if rest != (config{}) {
		return &reason{msg: "Read takes no option but WithinRoot", kind: ErrInvalid}
	}
	return c.validateRooted()
}

// validateRooted refuses a nil root and a path ending in a separator; with
// WithinRoot it works out dst's directory in the root, and the last element.
func (c *call) validateRooted() error {
	if c.rooted && c.root == nil {
		return &reason{msg: "nil root", kind: ErrInvalid}
	}
	if endsInSeparator(c.dst) {
		return &reason{msg: "link path ends in a separator", kind: ErrInvalid}
	}
	if c.rooted {
		return c.rootDst(ErrNotLink)
	}
	return nil
}

// notALink is the cause when the entry at the path is no link at all.
func notALink(cause error) error {
	return &reason{msg: "not a symbolic link", kind: ErrNotLink, cause: cause}
}
