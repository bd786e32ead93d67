package symlink

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// replaceLink makes dst a link holding c.content whatever is there, unless it
// is a directory or the very file the link would point to. It returns the
// step that failed.
func (c *call) replaceLink() (op string, err error) {
	old, err := os.Readlink(c.dst)
	if err == nil && old == c.content {
		return "", nil // already right: write nothing
	}
	if err != nil {
		// Not a link, or nothing there: find out which.
		fi, lerr := os.Lstat(c.dst)
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
	tmp, err := createTemp(c.dir(), c.makeLink)
	if err != nil {
		return opSymlink, err
	}
	if c.backup {
		if err := c.keepBackup(); err != nil {
			os.Remove(tmp)
			return opBackup, err
		}
	}
	if err := renameOver(tmp, c.dst); err != nil {
		os.Remove(tmp)
		return opReplace, err
	}
	return "", nil
}

// createMissing makes the link where nothing was. Should something appear at
// dst meanwhile, it is replaced as if it had been there from the start.
func (c *call) createMissing() (op string, err error) {
	err = c.makeLink(c.dst)
	if errors.Is(err, fs.ErrExist) {
		return c.replaceLink()
	}
	return opSymlink, err
}

// pointsTo reports whether the link would point to dst itself (fi).
func (c *call) pointsTo(fi fs.FileInfo) bool {
	ti, err := os.Stat(c.targetPath())
	return err == nil && os.SameFile(fi, ti)
}

// keepBackup makes dst+suffix what dst is now, replacing an older backup
// atomically. It hard-links dst (the link itself, not its target) to a
// temporary name and renames that over the backup name, so dst stays in
// place. Where no hard link can be made it renames dst to the backup name.
func (c *call) keepBackup() error {
	backup := c.dst + c.suffix
	tmp, err := createTemp(c.dir(), func(name string) error { return hardLink(c.dst, name) })
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // dst went away meanwhile: nothing to keep
	case err != nil:
		return os.Rename(c.dst, backup)
	}
	err = os.Rename(tmp, backup)
	// When backup already was a hard link of dst (another Create kept the
	// same backup an instant ago), rename(2) succeeds and does nothing, so
	// tmp must go in every case.
	if rerr := os.Remove(tmp); err == nil && rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		err = rerr
	}
	return err
}

// tempPrefix starts the names of the temporary links Create makes beside dst.
// A crash between making one and renaming it leaves it behind; it is safe to
// remove.
const tempPrefix = ".symlink-"

// createTemp calls make with a new random name in dir until one is free. make
// must fail with fs.ErrExist when the name is taken, as symlink(2) does.
func createTemp(dir string, make func(name string) error) (string, error) {
	for tries := 0; ; tries++ {
		name := filepath.Join(dir, tempPrefix+strconv.FormatUint(rand.Uint64(), 36))
		err := make(name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) || tries == 99 {
			return "", err
		}
	}
}
