package symlink

import (
	"errors"
	"io/fs"
)

// errWouldExist is what a dry run foresees for a dst that is taken.
var errWouldExist = &reason{msg: "file exists", kind: ErrExist}

// foresee is change and createOrReplace for WithDryRun: every check they make, and no
// change. It sets c.action to what the call would do and returns the step
// that would fail.
func (c *call) foresee() (op string, err error) {
	dir := c.dstDir()
	if c.parents {
		missing, err := c.missingParents(dir)
		if err != nil {
			return opMkdir, err
		}
		if len(missing) > 0 {
			// A link to nothing where the first parent would be made is
			// a dead end for the real call's mkdir too.
			if err := c.dangling(missing[len(missing)-1]); err != nil {
				return opMkdir, err
			}
			// Nothing can be at dst: its parents would be made first, in
			// the deepest directory that exists.
			top := parentDir(missing[len(missing)-1])
			if err := c.canWriteIn(top); err != nil {
				return opMkdir, err
			}
			if err := c.canOpenForFlush(top); err != nil {
				return opSync, err
			}
			c.action = Created
			return "", nil
		}
	}
	if err := c.canOpenForFlush(dir); err != nil {
		return opSync, err
	}
	if err := c.openDstDir(); err != nil {
		return opSymlink, err
	}
	if !c.replace {
		_, err := c.lstatAt(c.name)
		switch {
		case err == nil:
			return opSymlink, errWouldExist
		case !errors.Is(err, fs.ErrNotExist):
			return opSymlink, err
		}
		c.action = Created
		return opSymlink, c.canWriteIn(dir)
	}
	return c.foreseeReplace(dir)
}

// foreseeReplace is replaceLink for WithDryRun.
func (c *call) foreseeReplace(dir string) (op string, err error) {
	missing, err := c.examineDst()
	switch {
	case err != nil:
		return opReplace, err
	case c.action == Unchanged:
		return "", nil
	case missing:
		c.action = Created
		return opSymlink, c.canWriteIn(dir)
	}
	// In the order of replaceLink's steps, so that the step named is the
	// one the real call would fail at.
	if c.backup {
		if err := c.canKeepBackup(); err != nil {
			return opBackup, err
		}
	}
	if err := c.canWriteIn(dir); err != nil {
		return opSymlink, err
	}
	if c.backup {
		backup := c.name + c.suffix
		fi, err := c.lstatAt(backup)
		switch {
		case err == nil && fi.IsDir():
			return opBackup, &reason{msg: quote(c.joinDir(backup)) + " is a directory", kind: dirAtDst}
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return opBackup, err // a backup name too long, say
		}
		c.backedUp = true
	}
	if err := c.stickyBlocks(c.name); err != nil {
		return opReplace, err
	}
	c.action = Replaced
	return "", nil
}

// canOpenForFlush opens and closes dir, as WithSync would open it, to see
// whether it can.
func (c *call) canOpenForFlush(dir string) error {
	if known, _ := c.knownWritable(dir); known {
		return nil // opened already, the same way
	}
	if err := c.openForFlush(dir); err != nil {
		return err
	}
	return c.closeFlush()
}

// knownWritable is what c.known says of writing in dir; known is false when
// it cannot say.
func (c *call) knownWritable(dir string) (known bool, err error) {
	if c.known == nil {
		return false, nil
	}
	return c.known.writable(dir)
}

// canWriteIn reports whether this process may make names in dir, a
// directory of dst's path (inside the root with WithinRoot).
func (c *call) canWriteIn(dir string) error {
	if known, err := c.knownWritable(dir); known {
		return err
	}
	return c.inDir(dir, ".", writableDir)
}
