package symlink

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
)

// replaceLink makes dst a link holding c.content whatever is there, unless it
// is a directory or the very file the link would point to. It returns the
// step that failed.
func (c *call) replaceLink() (op string, err error) {
	same, err := c.holdsContent(c.name)
	if same {
		return "", nil // already right: write nothing
	}
	if err != nil {
		// Not a link, or nothing there: find out which.
		fi, lerr := c.lstatAt(c.name)
		switch {
		case errors.Is(lerr, fs.ErrNotExist):
			return c.createMissing()
		case lerr != nil:
			return opReplace, lerr
		case fi.IsDir():
			return opReplace, dirAtDst
		case fi.Mode()&fs.ModeSymlink == 0 && !c.backup && c.pointsTo(fi):
			return opReplace, &reason{msg: quote(c.dst) + " and its target " + quote(c.targetPath()) + " are the same file", kind: ErrInvalid}
		}
	}
	tmp, err := createTemp(c.tempDir(), c.symlinkAt)
	if err != nil {
		return opSymlink, err
	}
	if c.backup {
		if err := c.keepBackup(); err != nil {
			c.removeAt(tmp)
			return opBackup, err
		}
	}
	if err := c.renameAt(tmp, c.name); err != nil {
		c.removeAt(tmp)
		return opReplace, err
	}
	return "", nil
}

// createMissing makes the link where nothing was. Should something appear at
// dst meanwhile, it is replaced as if it had been there from the start.
func (c *call) createMissing() (op string, err error) {
	err = c.symlinkAt(c.name)
	if errors.Is(err, fs.ErrExist) {
		return c.replaceLink()
	}
	return opSymlink, err
}

// pointsTo reports whether the link would point to dst itself (fi).
func (c *call) pointsTo(fi fs.FileInfo) bool {
	ti, err := c.statTarget()
	return err == nil && os.SameFile(fi, ti)
}

// keepBackup makes dst+suffix what dst is now, replacing an older backup
// atomically. It hard-links dst (the link itself, not its target) to a
// temporary name and renames that over the backup name, so dst stays in
// place. Only where the file system cannot make hard links does it rename
// dst to the backup name, leaving dst missing until the new link is renamed
// in; any other failure (a full disk) is returned, with dst untouched.
func (c *call) keepBackup() error {
	backup := c.name + c.suffix
	tmp, err := createTemp(c.tempDir(), func(name string) error { return c.hardLinkAt(c.name, name) })
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // dst went away meanwhile: nothing to keep
	case noHardLinks(osCause(err)) && c.ownsDst():
		err = c.renameAt(c.name, backup)
	case err == nil:
		err = c.renameAt(tmp, backup)
		// When backup already was a hard link of dst (another Create kept
		// the same backup an instant ago), rename(2) succeeds and does
		// nothing, so tmp must go in every case.
		if rerr := c.removeAt(tmp); err == nil && rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = rerr
		}
	}
	if err != nil {
		// Linux says EEXIST or EISDIR for a directory in the way; say
		// which it is.
		if fi, lerr := c.lstatAt(backup); lerr == nil && fi.IsDir() {
			return &reason{msg: quote(backup) + " is a directory", kind: dirAtDst, cause: err}
		}
	}
	return err
}

// tempPrefix starts the names of the temporary links Create makes beside dst.
// A crash between making one and renaming it leaves it behind; it is safe to
// remove.
const tempPrefix = ".symlink-"

// createTemp calls make with a new random name in dir (a bare name if dir is
// "") until one is free. make must fail with fs.ErrExist when the name is
// taken, as symlink(2) does.
func createTemp(dir string, make func(name string) error) (string, error) {
	for tries := 0; ; tries++ {
		name := tempPrefix + strconv.FormatUint(rand.Uint64(), 36)
		if dir != "" {
			name = joinPath(dir, name)
		}
		err := make(name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) || tries == 99 {
			return "", err
		}
	}
}
