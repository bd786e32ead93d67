package symlink

import (
	"errors"
	"io/fs"
	"os"

	"github.com/symlinkgo/symlink/internal/sys"
)

// A knownDir is what a caller learnt of dst's directory before the call,
// which spares the call's dry run system calls it would otherwise make once
// per link: a Batch's Plan opens and lists each directory once for all its
// links (see dirInfo). The answers hold while nothing else changes the
// directory, so only dry runs are given one.
type knownDir interface {
	// lookup reports what the directory holds at path (a bare name, or a
	// path in the directory): its type, or fs.ErrNotExist; known is false
	// when it cannot say. With list, it may list the directory first.
	lookup(path string, list bool) (mode fs.FileMode, known bool, err error)
	// linkDir is the directory opened for reading links by descriptor, and
	// the name of path in it; nil when path is not in it or it is not open.
	linkDir(path string) (*os.File, string)
	// writable reports what writableDir said of dir when it was opened;
	// known is false when dir is not the directory or it could not be
	// opened.
	writable(dir string) (known bool, err error)
}

// The file operations of one Create, on names in dst's directory. Without
// WithinRoot a name is a path usable from here (dst itself, or a temporary
// name beside it) and the platform's own functions do the work. With it, a
// name is a bare name inside c.at, the directory opened through the root, so
// that no link swapped into dst's parents can move the work elsewhere. A
// Batch opens the directory too, and so does a replace whose names would not
// fit in a path (see openLongDir).

func (c *call) symlinkAt(name string) error {
	if c.freeIn != nil && name == c.name {
		// A Batch's link whose name its plan found free: symlinkat(2) by
		// the directory's descriptor, as a root's Symlink makes it, in a
		// fifth less time; anything more of the call goes by path.
		return c.explainAt(sys.Symlinkat(storedContent(c.content), c.freeIn, c.dst[lastSep(c.dst)+1:]), c.dst)
	}
	if c.at != nil {
		err := c.at.Symlink(storedContent(c.content), name)
		if err != nil {
			err = c.explainAt(osCause(err), c.atPath(name))
		}
		return err
	}
	return c.makeLink(name)
}

// atPath is the path of name in c.at, for messages and for the questions
// explain asks of the directory's file system.
func (c *call) atPath(name string) string {
	if c.in != nil {
		return joinPath(joinPath(c.in.root.Name(), c.in.dstPath()), name)
	}
	return c.joinDir(name)
}

// holdsContent reports whether name is a link holding c.content.
func (c *call) holdsContent(name string) (bool, error) {
	if k := c.known; k != nil {
		// A listing made already answers for a name that is missing or
		// not a link; Windows junctions list as irregular files, and are
		// read too. Links are read by the descriptor of their directory.
		if mode, known, err := k.lookup(name, false); known && (err != nil || mode&(fs.ModeSymlink|fs.ModeIrregular) == 0) {
			return false, errNotALink(name, err)
		}
		if dir, base := k.linkDir(name); dir != nil {
			same, err := linkHoldsIn(dir, base, c.content)
			if errors.Is(err, fs.ErrNotExist) {
				// A name missing: a tree still to be made. The listing,
				// one call, then answers for the other missing names.
				k.lookup(name, true)
			}
			return same, err
		}
	}
	if c.at != nil {
		old, err := c.at.Readlink(name)
		return err == nil && sameContent(old, c.content), err
	}
	same, err := linkHolds(name, c.content)
	if !same && err == nil && c.holdsJunction(name) {
		return true, nil
	}
	return same, err
}

func (c *call) lstatAt(name string) (fs.FileInfo, error) {
	if c.known != nil {
		if _, known, err := c.known.lookup(name, true); known && err != nil {
			return nil, err // not there: no need to look
		}
	}
	if c.at != nil {
		return c.at.Lstat(name)
	}
	return os.Lstat(name)
}

// renameAt puts old in place of name, replacing whatever link or file is
// there: the new link over dst, or dst's hard link over an older backup.
func (c *call) renameAt(old, name string) error {
	if c.at != nil {
		return c.at.Rename(old, name)
	}
	return renameOver(old, name)
}

// hardLinkAt links to name itself, never to what a link there points to.
func (c *call) hardLinkAt(name, to string) error {
	if c.at != nil {
		return c.at.Link(name, to)
	}
	return hardLink(name, to)
}

func (c *call) removeAt(name string) error {
	if c.at != nil {
		return c.at.Remove(name)
	}
	return os.Remove(name)
}

// inDir calls f with name in dir, a directory of dst's path, as the *at
// system calls take it: under WithinRoot, dir opened through the root (its
// own path is never used: after a change of directory, or once the root is
// renamed, that would name another place) and name; otherwise nil and the
// path dir/name.
func (c *call) inDir(dir, name string, f func(dir *os.File, name string) error) error {
	if c.in == nil {
		return f(nil, joinPath(dir, name))
	}
	d, err := c.in.root.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return f(d, name)
}

// maxTempName is the length of the longest name createTemp makes: 13 is
// the length of math.MaxUint64 in base 36.
const maxTempName = len(tempPrefix) + 13

// openLongDir opens dst's directory and makes c.name dst's last element in
// it, when a name that a replace makes beside dst (a temporary name, the
// backup name) would not fit in a path the system takes, though dst itself
// does. The call then works by the directory's descriptor, so that every dst
// the system accepts can be replaced. Other replaces keep to paths: opening
// the directory would cost two system calls they do not need.
func (c *call) openLongDir() error {
	if c.at != nil || c.freeIn != nil || !c.replace || pathMax == 0 || len(c.dst) >= pathMax {
		return nil // a dst too long itself fails at its first step; see createMissing for freeIn
	}
	dir, name := splitPath(c.dst)
	longest := maxTempName + len(c.tempTag())
	if c.backup {
		longest = max(longest, len(name)+len(c.suffix))
	}
	if roomBeside(dir, longest) {
		return nil
	}
	at, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	c.at, c.name, c.closeAt = at, name, true
	return nil
}

// openDstDir opens dst's directory as c.at where the call works by its
// descriptor: under WithinRoot, through the root, and where openLongDir
// needs it. A directory open already (a Batch's) is kept.
func (c *call) openDstDir() error {
	switch {
	case c.at != nil:
		return nil
	case c.in != nil:
		at, err := c.in.root.OpenRoot(c.in.dstPath())
		if err != nil {
			return err
		}
		c.at, c.closeAt = at, true
		return nil
	}
	return c.openLongDir()
}

// withDir runs f with dst's directory open as openDstDir opens it, and
// closes it again if it opened it.
func (c *call) withDir(f func() error) error {
	if err := c.openDstDir(); err != nil {
		return err
	}
	defer c.closeDir()
	return f()
}

// roomBeside reports whether the path of a name n bytes long in dir fits in
// a path the system takes.
func roomBeside(dir string, n int) bool {
	return pathMax == 0 || len(dir)+1+n < pathMax
}

// closeDir closes dst's directory if the call opened it itself (WithinRoot,
// openLongDir); one a Batch opened stays open for its other links.
func (c *call) closeDir() {
	if !c.closeAt {
		return
	}
	c.at.Close()
	c.at, c.closeAt = nil, false
	if c.in == nil {
		c.name = c.dst
	}
}

// tempDir is the directory argument createTemp needs for names usable by
// the functions above.
func (c *call) tempDir() string {
	if c.at != nil {
		return ""
	}
	return c.dir()
}

// errNotALink is the error of holdsContent for a name that Plan's listing
// shows missing (err) or not a link.
func errNotALink(name string, err error) error {
	if err != nil {
		return err
	}
	return &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

// openDir opens dst's directory before anything changes, when the work needs
// it: with WithinRoot, through the root, so that the link is read and
// removed relative to it; with WithSync, so that a directory that cannot be
// opened for the flush fails the call while dst is still in place. c.name
// is then dst's last element. Otherwise it returns nil and dst is used as a
// path.
func (c *call) openDir() (*os.File, error) {
	switch {
	case c.in != nil:
		return c.in.root.Open(c.in.dstPath())
	case c.sync && canFlushDirs:
		dir, name := splitPath(c.dst)
		f, err := os.Open(dir)
		if err == nil {
			c.name = name
		}
		return f, err
	}
	return nil, nil
}

// tree is how a call reaches the paths of dst's tree (its parents, the
// directories it flushes): through the root with WithinRoot, so that no link
// leads outside it, otherwise by the os package. *os.Root is one.
type tree interface {
	Open(name string) (*os.File, error)
	Stat(name string) (fs.FileInfo, error)
	Lstat(name string) (fs.FileInfo, error)
	Mkdir(name string, perm fs.FileMode) error
}

// removeDir removes the empty directory name in t, and nothing else: a
// link or a file that another program put where the directory was stays
// (see sys.Rmdir).
func removeDir(t tree, name string) error {
	if _, ok := t.(osTree); ok {
		return sys.Rmdir(nil, name)
	}
	dir, err := t.Open(parentDir(name))
	if err != nil {
		return err
	}
	defer dir.Close()
	return sys.Rmdir(dir, name[lastSep(name)+1:])
}

func (c *call) tree() tree {
	if c.in != nil {
		return c.in.root
	}
	return osTree{}
}

// osTree is the tree of paths as the os package takes them.
type osTree struct{}

func (osTree) Open(name string) (*os.File, error)        { return os.Open(name) }
func (osTree) Stat(name string) (fs.FileInfo, error)     { return os.Stat(name) }
func (osTree) Lstat(name string) (fs.FileInfo, error)    { return os.Lstat(name) }
func (osTree) Mkdir(name string, perm fs.FileMode) error { return os.Mkdir(name, perm) }
