package symlink

import (
	"runtime"
)

// The flush of WithSync: the directories are opened before the change and
// flushed after it; see WithSync.

// canFlushDirs is false on Windows, which cannot flush a directory.
const canFlushDirs = runtime.GOOS != "windows"

// openForFlush opens dir, a directory whose entries the change will alter,
// for the flush, with WithSync.
func (c *call) openForFlush(dir string) error {
	if !c.sync || !canFlushDirs {
		return nil
	}
	f, err := c.tree().Open(dir)
	if err != nil {
		return err
	}
	c.flushing = append(c.flushing, f)
	return nil
}

// syncDir flushes dir, a directory of dst's path, as the call reaches it, with
// WithSync: for the changes of an undo.
func (c *call) syncDir(dir string) error {
	if !c.sync {
		return nil
	}
	return syncIn(c.tree(), dir)
}

// syncIn flushes the directory dir of t, where the system can.
func syncIn(t tree, dir string) error {
	if !canFlushDirs {
		return nil
	}
	f, err := t.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// flush flushes the directories openForFlush opened, the deepest first, and
// closes them.
func (c *call) flush() error {
	var err error
	for i := len(c.flushing) - 1; i >= 0; i-- {
		if serr := c.flushing[i].Sync(); err == nil {
			err = serr
		}
	}
	if cerr := c.closeFlush(); err == nil {
		err = cerr
	}
	return err
}

// closeFlush closes the directories opened for the flush.
func (c *call) closeFlush() error {
	var err error
	for _, f := range c.flushing {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	c.flushing = c.flushing[:0]
	return err
}
