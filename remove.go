package symlink

import "errors"

// Remove is the inverse of [Create]: it removes dst only while dst is a
// symbolic link (or a Windows junction) holding what Create(src, dst,
// opts...) would have written there, so that an uninstaller or a dotfile
// manager takes away the links it made and leaves those a user has changed
// since. src is worked out as Create works it out; with [WithRelative] from
// the tree as it is now, so remove links in the reverse order of their making.
//
// Remove never removes a file or a directory, never follows dst and never
// recurses: a directory link or junction goes as the link, its target
// untouched. A link holding other content, a file, a directory or another
// kind of reparse point is [ErrNotLink], and nothing changes; nothing at dst
// is [ErrNotExist]; a dst ending in a separator is [ErrInvalid].
//
// The options are [WithRelative], [WithinRoot] (dst relative to the root and
// inside it; src is only compared, never judged: with WithRelative, a src
// outside the root is ErrNotLink, a content no link Create makes in the
// root holds) and [WithSync] (dst's
// directory is opened before anything changes and flushed after: a failed
// flush is Op "sync", the link gone). Any other is [ErrInvalid]. Every other
// error is an [*Error] that leaves dst as it was, Op "remove" but for
// opening the directory for WithSync ("sync", as in Create). On Unix a link
// that another program re-points in the microseconds between the read and
// the removal is removed too; on Windows, which removes the entry it read,
// through its handle, never.
//
// On Windows the link is read through a handle that asks no right another
// program's sharing mode can refuse (a file open elsewhere is ErrNotLink,
// not a sharing violation), and removed with POSIX semantics where Windows
// 10 1607 and later and the file system have them: its name is gone at
// once, even while another program has it open, and a read-only link goes
// as on Unix. Elsewhere the read-only attribute is cleared first (and put
// back if the removal fails), and the name goes when the last handle to it
// closes.
func Remove(src, dst string, opts ...Option) error {
	c := newCall(src, dst, opts)
	if err := c.validateRemove(); err != nil {
		return c.fail(opRemove, err)
	}
	if c.rooted {
		if err := c.rootRemoveContent(); err != nil {
			return c.fail(opRemove, err)
		}
	} else if err := c.resolve(); err != nil {
		return c.fail(opRemove, err)
	}
	dir, err := c.openDir()
	if err != nil {
		op := opRemove
		if c.sync && c.in == nil {
			op = opSync // opened for the flush, as Create does
		}
		return c.fail(op, err)
	}
	if dir != nil {
		defer dir.Close()
	}
	if err := c.removeLinkAt(dir); err != nil {
		return c.fail(opRemove, err)
	}
	if c.sync && dir != nil && canFlushDirs {
		if err := dir.Sync(); err != nil {
			return c.fail(opSync, err)
		}
	}
	return nil
}

func (c *call) validateRemove() error {
	if err := c.validate(); err != nil {
		return err
	}
	rest := c.config
	rest.relative, rest.sync, rest.root, rest.rooted = false, false, nil, false
	if rest != (config{}) {
		return &reason{msg: "Remove takes no options but WithRelative, WithinRoot and WithSync", kind: ErrInvalid}
	}
	return nil
}

// rootRemoveContent works out dst's place in the root and the content to
// compare: src as given, or with WithRelative computed as Create computes it.
func (c *call) rootRemoveContent() error {
	if err := c.rootDst(ErrNotLink); err != nil {
		return err
	}
	if c.relative {
		err := c.rootContent()
		if errors.Is(err, ErrEscapesRoot) {
			// The content is worked out from the tree in the root; a src
			// outside it is none that Create in the root would have made.
			return &reason{msg: "no link made in the root holds " + quote(c.src) + ", which is outside it", kind: ErrNotLink}
		}
		return err
	}
	c.content = c.src
	return nil
}

// holdsOther is the cause when the link at dst holds other content.
func (c *call) holdsOther(other string) error {
	return &reason{msg: "the link holds " + quote(other) + ", not " + quote(c.content), kind: ErrNotLink}
}
