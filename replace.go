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
// step that failed. keep, if not nil, is called once something is found at
// dst and before anything changes: a Batch keeps it there for its undo.
func (c *call) replaceLink(keep func() error) (op string, err error) {
	missing, err := c.examineDst()
	switch {
	case err != nil:
		return opReplace, err
	case c.action == Unchanged:
		return "", nil // already right: write nothing
	case missing:
		return c.createMissing(keep)
	}
	if keep != nil {
		if err := keep(); err != nil {
			return opReplace, err
		}
	}
	if c.backup {
		// Find out before making anything that the backup can be kept:
		// a hard link that cannot be renamed or removed would stay.
		if err := c.canKeepBackup(); err != nil {
			return opBackup, err
		}
	}
	tmp, err := c.makeTemp(tempLink, c.symlinkAt)
	if err != nil {
		return opSymlink, err
	}
	if c.backup {
		if err := c.keepBackup(); err != nil {
			return opBackup, c.discard(tmp, err)
		}
	}
	if err := c.renameAt(tmp, c.name); err != nil {
		return opReplace, c.discard(tmp, err)
	}
	c.action = Replaced
	return "", nil
}

// examineDst is the first step of a replace, and of its dry run: it sets
// c.action to Unchanged if dst already holds the content, reports whether
// nothing is at dst, and refuses what may not be replaced: a directory, or
// the very file the link would point to.
func (c *call) examineDst() (missing bool, err error) {
	same, err := c.holdsContent(c.name)
	switch {
	case same:
		c.action = Unchanged
		return false, nil
	case err == nil:
		return false, nil // a link holding something else
	case errors.Is(err, fs.ErrNotExist):
		return true, nil // readlink found nothing there
	}
	// Not a link: find out what.
	fi, err := c.lstatAt(c.name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, err
	case fi.IsDir():
		return false, dirAtDst
	case fi.Mode()&fs.ModeSymlink == 0 && !c.backup:
		return false, c.notSameFile(fi)
	}
	return false, nil
}

// discard removes the temporary name tmp after err. Should that fail too (an
// append-only directory), err is returned naming tmp, so that the caller
// can remove it.
func (c *call) discard(tmp string, err error) error {
	rerr := c.removeAt(tmp)
	if rerr == nil || errors.Is(rerr, fs.ErrNotExist) {
		return err
	}
	return leftover(err, c.joinDir(tmp), rerr)
}

// leftover is err, whose message also names the temporary name left behind
// and why it could not be removed.
func leftover(err error, name string, rerr error) error {
	return restate(err, func(text string) string {
		return text + "; left behind " + quote(name) + ", which could not be removed: " + osCause(rerr).Error()
	})
}

// joinDir is the path of a name in dst's directory, as a caller can use it.
func (c *call) joinDir(name string) string {
	if c.at == nil {
		return name // already a path
	}
	return joinPath(c.dir(), name)
}

// createMissing makes the link where nothing was. Should something appear at
// dst meanwhile, it is replaced as if it had been there from the start.
func (c *call) createMissing(keep func() error) (op string, err error) {
	err = c.symlinkAt(c.name)
	if errors.Is(err, fs.ErrExist) {
		if c.freeIn != nil {
			// Made by path from now on: the names beside dst may then
			// need dst's directory opened.
			c.freeIn = nil
			if err := c.openLongDir(); err != nil {
				return opSymlink, err
			}
		}
		return c.replaceLink(keep)
	}
	if err != nil {
		return opSymlink, err
	}
	c.action = Created
	return "", nil
}

// notSameFile refuses to replace the file at dst (fi) by a link to itself:
// the file would be lost. It is GNU ln's "are the same file" rule: src is
// looked up from dst's directory, where the link will be followed, and from
// the working directory, where the user named it (GNU ln looks only there).
// A file that has other names stays reachable through them and may be
// replaced, unless src names dst itself.
func (c *call) notSameFile(fi fs.FileInfo) error {
	for _, from := range c.sameFileSources() {
		ti, err := from.stat(c)
		if err != nil || !os.SameFile(fi, ti) {
			continue
		}
		if linkCount(fi) > 1 && !from.isDst(c) {
			continue
		}
		return &reason{msg: quote(c.dst) + " and its target " + quote(from.path) + " are the same file", kind: ErrInvalid}
	}
	return nil
}

// A source is src as looked up from one directory.
type source struct {
	path   string
	fromWD bool // looked up from the working directory, not dst's
}

// sameFileSources are the paths src is looked up by: from dst's directory,
// and, unless confined to a root, from the working directory.
func (c *call) sameFileSources() []source {
	s := []source{{path: c.targetPath()}}
	if c.in == nil && !c.relative && c.targetPath() != c.src {
		s = append(s, source{path: c.src, fromWD: true})
	}
	return s
}

// stat follows the source to the file it names.
func (s source) stat(c *call) (fs.FileInfo, error) {
	if s.fromWD {
		return os.Stat(s.path)
	}
	return c.statTarget()
}

// isDst reports whether s names dst's very directory entry: the same name
// in the same directory, not another hard link.
func (s source) isDst(c *call) bool {
	if c.in != nil {
		return true // cannot tell the names apart through the root: keep the file
	}
	dir, name := splitPath(s.path)
	if !sameName(name, filepath.Base(c.dst)) {
		return false
	}
	di, err := os.Stat(dir)
	if err != nil {
		return true
	}
	dd, err := os.Stat(c.dir())
	return err != nil || os.SameFile(di, dd)
}

// keepBackup makes dst+suffix what dst is now, replacing an older backup
// atomically. It hard-links dst (the link itself, not its target) to a
// temporary name and renames that over the backup name, so dst stays in
// place. Only where the file system cannot make hard links does it rename
// dst to the backup name, leaving dst missing until the new link is renamed
// in; any other failure (a full disk) is returned, with dst untouched.
func (c *call) keepBackup() error {
	backup := c.name + c.suffix
	tmp, err := c.makeTemp(tempBackup, func(name string) error { return c.hardLinkAt(c.name, name) })
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // dst went away meanwhile: nothing to keep
	case noHardLinks(osCause(err)) && c.ownsDst():
		if err = c.renameAt(c.name, backup); err == nil {
			c.backedUp = true
		}
	case err == nil:
		// When backup already was a hard link of dst (another Create kept
		// the same backup an instant ago), rename(2) succeeds and does
		// nothing, so tmp must go in every case.
		if err = c.renameAt(tmp, backup); err != nil {
			return c.discard(tmp, c.backupFailed(backup, err))
		}
		c.backedUp = true
		if rerr := c.removeAt(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return leftover(rerr, c.joinDir(tmp), rerr)
		}
	}
	if err != nil {
		return c.backupFailed(backup, err)
	}
	return nil
}

// backupFailed is err, the failure to put something at the backup name,
// saying so when a directory is in the way: Linux says EEXIST or EISDIR.
func (c *call) backupFailed(backup string, err error) error {
	if fi, lerr := c.lstatAt(backup); lerr == nil && fi.IsDir() {
		return &reason{msg: quote(backup) + " is a directory", kind: dirAtDst, cause: err}
	}
	return err
}

// tempPrefix starts the names Create makes beside dst. A random one after it
// is a temporary link, which a crash between making it and renaming it
// leaves behind, safe to remove. A Batch's names carry its tag instead (see
// tagOf): those ending in .h or .b hold what a dst held.
const tempPrefix = ".symlink-"

// The kinds of the names a Batch's call (see tempTag) makes beside dst: its
// temporary link, the temporary hard link a backup is made with, and a
// Batch's hidden hard links of what dst and its backup name held.
const (
	tempLink   = "t"
	tempBackup = "k"
	hiddenDst  = "h"
	hiddenBak  = "b"
)

// makeTemp calls create with a new name beside dst (see tempDir): a random
// one, or with a tag (see tempTag) the tag's own name for that kind, which no other
// program and no other call uses, so that whoever knows the tag finds it.
func (c *call) makeTemp(kind string, create func(name string) error) (string, error) {
	if c.batchID == "" {
		return createTemp(c.tempDir(), create)
	}
	name := c.tagged(kind)
	return name, create(name)
}

// tagged is the name beside dst of the given kind under c.tempTag.
func (c *call) tagged(kind string) string {
	return joinPath(c.tempDir(), tempPrefix+c.tempTag()+kind)
}

// tempTag is the tag of a Batch's call: what the names it makes beside dst
// carry after tempPrefix (see tagOf); "" for any other call. It is made
// only when needed, as most links of a Batch make no such name.
func (c *call) tempTag() string {
	if c.batchID == "" {
		return ""
	}
	return tagOf(c.batchID, c.batchIndex)
}

// createTemp calls create with a new random name in dir (a bare name if dir is
// "") until one is free. create must fail with fs.ErrExist when the name is
// taken, as symlink(2) does.
func createTemp(dir string, create func(name string) error) (string, error) {
	for tries := 0; ; tries++ {
		name := tempPrefix + strconv.FormatUint(rand.Uint64(), 36)
		if dir != "" {
			name = joinPath(dir, name)
		}
		err := create(name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) || tries == 99 {
			return "", err
		}
	}
}
