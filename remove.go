package symlink

// Remove is the inverse of [Create]: it removes dst only when dst is a
// symbolic link (or a Windows junction) holding what Create(src, dst,
// opts...) would have written there. src is worked out exactly as Create
// works it out, so Remove with [WithRelative] removes the link that Create
// with WithRelative made. An uninstaller or a dotfile manager can thus call
// it for every link it once made and take away only those still as it left
// them. With WithRelative, src is worked out from the tree as it is when
// Remove runs: a link that src passes through, changed or removed since
// Create, changes the content Remove looks for, and the link is reported
// as [ErrNotLink]. Remove links in the reverse order of their making (the
// links made through a directory link before that link).
//
// Remove never removes a file or a directory, never follows dst, and never
// recurses: a Windows directory link or junction is removed as the link
// itself, its target untouched. What is at dst decides the error:
//
//   - a link holding other content, a file, a directory or another kind of
//     Windows reparse point: [ErrNotLink], and nothing changes;
//   - nothing: [ErrNotExist] (callers for whom "already gone" is success
//     test for it);
//   - a dst ending in a separator fails with [ErrInvalid], as in Create.
//
// The options are [WithRelative], [WithinRoot] and [WithSync]; any other
// fails with [ErrInvalid]. With WithinRoot, dst is taken relative to the
// root and must be inside it ([ErrEscapesRoot] otherwise); the link is read
// and removed through the root. src is only compared with what the link
// holds, never judged: a link inside the root that points outside is
// removed like any other. (With WithRelative too, src is resolved inside
// the root as Create resolves it, so a src Create would refuse fails as it
// would there.) With WithSync, dst's directory is opened before anything
// changes and flushed after the removal. Failing to open it is Op "sync",
// as in Create (with WithinRoot, which opens it anyway, Op "remove"), and
// changes nothing; a failed flush is Op "sync" too: the link is gone,
// whether that survives a crash is unknown. Every other error is an
// [*Error] with Op "remove", and leaves dst as it was.
//
// # Between reading and removing
//
// No system can remove a name only if it still holds what was read, so a
// program that changes dst at the very moment Remove runs can have its
// change undone. What Remove does about it:
//
//   - On Unix it makes the two system calls the job needs and nothing in
//     between: readlinkat(2), a comparison in memory, unlinkat(2). The
//     window is the time from the first call's return to the second's
//     lookup of the name: a string comparison and the entry into the
//     kernel, less than either call takes (each is about 2µs on tmpfs). A
//     link re-pointed, or a file put in the link's place, within it is
//     removed. A directory never is: unlinkat(2) without AT_REMOVEDIR
//     refuses directories, and Remove then reports [ErrNotLink]. Checking
//     again before unlinkat (an lstat, or an open O_PATH descriptor) would
//     only move the window, not close it, and widen it by one call.
//     Renaming dst aside and checking it there would close it, but would
//     make dst missing for a moment, even when it is the user's file that
//     is then put back, and cost a third call; Remove does not do that.
//   - On Windows there is no window: the link is opened as itself, read,
//     compared and deleted through that one handle, so whatever replaces
//     dst meanwhile is a different file and is left alone.
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
		return c.rootContent()
	}
	c.content = c.src
	return nil
}

// holdsOther is the cause when the link at dst holds other content.
func (c *call) holdsOther(other string) error {
	return &reason{msg: "the link holds " + quote(other) + ", not " + quote(c.content), kind: ErrNotLink}
}
