package symlink

import (
	"errors"
	"io/fs"
	"os"
)

// makeParents makes dst's missing parent directories, as "mkdir -p", and
// returns those it made, deepest first, so that a Create failing later can
// take them away again. Only a parent that does not exist counts as missing:
// any other error in finding out (a link loop, a name too long) is returned
// before anything is made.
func (c *call) makeParents() (made []string, err error) {
	stat, mkdir := os.Stat, os.Mkdir
	dir := c.dir()
	if c.in != nil {
		stat, mkdir = c.in.root.Stat, c.in.root.Mkdir
		dir = c.in.dstPath()
	}
	var missing []string // deepest first
	for p := dir; ; {
		_, err := stat(p)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, p)
		up := parentDir(p)
		if up == p {
			break
		}
		p = up
	}
	for i := len(missing) - 1; i >= 0; i-- {
		err := mkdir(missing[i], 0o777)
		if errors.Is(err, fs.ErrExist) {
			continue // made meanwhile by someone else: not ours to remove
		}
		if err != nil {
			c.removeDirs(made)
			return nil, err
		}
		made = append([]string{missing[i]}, made...)
	}
	return made, nil
}

// removeDirs removes the directories makeParents made, deepest first. Only
// empty ones go: something put there meanwhile by another program stays.
func (c *call) removeDirs(dirs []string) {
	remove := os.Remove
	if c.in != nil {
		remove = c.in.root.Remove
	}
	for _, d := range dirs {
		remove(d)
	}
}
