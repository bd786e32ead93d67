package symlink

import (
	"errors"
	"io/fs"
)

// missingParents returns the directories of dir, dst's directory, that do
// not exist, deepest first. Only a parent that does not exist counts as
// missing: any other error in finding out (a link loop, a name too long) is
// returned before anything is made.
func (c *call) missingParents(dir string) (missing []string, err error) {
	t := c.tree()
	for p := dir; ; {
		_, err := t.Stat(p)
		if err == nil {
			return missing, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, p)
		up := parentDir(p)
		if up == p {
			return missing, nil
		}
		p = up
	}
}

// makeParents makes the missing directories, as "mkdir -p", and returns
// those it made, deepest first, so that a Create failing later can take
// them away again. With WithSync each is opened as soon as it is made, for
// the flush that makes its entries durable; should that fail, what was made
// is removed again. It returns the step that failed.
func (c *call) makeParents(missing []string) (made []string, op string, err error) {
	t := c.tree()
	redo := 0
	for i := len(missing) - 1; i >= 0; i-- {
		err := t.Mkdir(missing[i], 0o777)
		if errors.Is(err, fs.ErrExist) {
			if err := c.dangling(missing[i]); err != nil {
				// A link to nothing, which "mkdir -p" cannot get past
				// either; no try will do better.
				c.deadEnd = true
				c.removeDirs(made)
				return nil, opMkdir, err
			}
			if c.in != nil {
				if fi, err := c.in.root.Lstat(missing[i]); err == nil && isLink(fi) {
					// Made a link meanwhile (by another Create): the
					// content was judged for a directory here.
					c.removeDirs(made)
					return nil, opMkdir, errRejudge
				}
			}
			continue // made meanwhile by someone else: not ours to remove
		}
		if errors.Is(err, fs.ErrNotExist) && i+1 < len(missing) && redo < maxTries {
			// A parent that was there a moment ago has been removed (by a
			// concurrent Create that made it and failed): make it again.
			redo++
			i += 2
			continue
		}
		if err != nil {
			c.removeDirs(made)
			return nil, opMkdir, err
		}
		made = append([]string{missing[i]}, made...)
		if err := c.openForFlush(missing[i]); err != nil {
			c.removeDirs(made)
			return nil, opSync, err
		}
	}
	return made, opMkdir, nil
}

// dangling returns the error of following p, which mkdir found taken, when
// p is a link that leads nowhere; otherwise nil. Something that is simply
// gone again was made and removed by another program meanwhile: that is
// not a dead end.
func (c *call) dangling(p string) error {
	t := c.tree()
	_, err := t.Stat(p)
	if !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if fi, lerr := t.Lstat(p); lerr != nil || !isLink(fi) {
		return nil // gone, or made again meanwhile
	}
	return err
}

// removeDirs removes the directories makeParents made, deepest first. Only
// empty ones go: something put there meanwhile by another program stays,
// and so does a link or a file put in a directory's place.
func (c *call) removeDirs(dirs []string) {
	t := c.tree()
	for _, d := range dirs {
		removeDir(t, d)
	}
}
