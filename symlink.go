package symlink

import (
	"os"
)

// Create makes dst a symbolic link whose content is src.
//
// Without options an existing dst of any kind is an error ([ErrExist]) and
// src is stored exactly as given. The options ([WithReplace], [WithRelative],
// …) say otherwise. Every error is an [*Error]; on error the file system is
// left as it was.
func Create(src, dst string, opts ...Option) error {
	c := newCall(src, dst, opts)
	defer c.closeDir()
	if op, err := c.prepare(); err != nil {
		return c.fail(op, err)
	}
	if c.dryRun {
		if op, err := c.foresee(); err != nil {
			return c.fail(op, err)
		}
		c.fillResult()
		return nil
	}
	return c.commit(nil)
}

// Check reports whether this process can create symbolic links in dir: it
// makes a link under a unique name there and removes it. It answers for dir's
// file system and for this process's rights, which is why it does not probe
// the temporary directory: links may work there and not on the volume where
// the real ones go. The error, if any, is an [*Error] with Op "check", the
// same as Create would return there.
func Check(dir string) error {
	c := call{dst: dir, content: ".symlink-check"}
	c.kind = KindFile
	if err := validPath("directory", dir); err != nil {
		return c.fail(opCheck, err)
	}
	where := dir
	if !roomBeside(dir, maxTempName) {
		// No room for the probe's name in a path: probe by descriptor.
		at, err := os.OpenRoot(dir)
		if err != nil {
			return c.fail(opCheck, err)
		}
		defer at.Close()
		c.at, where = at, ""
	}
	probe, err := createTemp(where, c.symlinkAt)
	if err != nil {
		return c.fail(opCheck, err)
	}
	if err := c.removeAt(probe); err != nil {
		return c.fail(opCheck, err)
	}
	return nil
}
