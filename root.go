package symlink

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// WithinRoot confines the link to the directory tree at root: both where the
// link is made and where it points. It is for making links from untrusted
// names, as an archive extractor does for the link entries of a tar or zip
// file, whose classic attack is a link that leads out of the extraction
// folder and a later entry written through it.
//
// dst is taken relative to root; an absolute dst must lie inside root. dst's
// directory is reached through an [os.Root], so no link among dst's parents
// can carry the new link out of root, even one swapped in while Create runs;
// with [WithParents] the parents are made through the same root.
//
// The target must stay inside root as well: whatever program follows the new
// link must land inside root. Create judges src by resolving, inside root,
// every link already on its way (a link that leads out of root is an escape,
// like an absolute src outside root or a ".." that climbs above it); the part
// of the path that does not exist yet is judged as written. With
// [WithRelative], a relative src is taken relative to root rather than to
// the working directory. A violation fails with [ErrEscapesRoot] and creates
// nothing. (os.Root.Symlink alone makes the link inside root but does not
// look at where it points.)
//
// On Windows the link is made by os.Root, which makes a directory link when
// the target is a directory inside root and a file link otherwise;
// [WithKind] still checks an existing target but cannot force the kind of a
// missing one, and [WithJunctionFallback] does not apply.
func WithinRoot(root string) Option {
	return optionFunc(func(c config) config { c.root, c.rooted = root, true; return c })
}

// escapes is the cause of an ErrEscapesRoot failure.
func escapes(what, p string) error {
	return &reason{msg: what + " " + quote(p) + " is outside the root", kind: ErrEscapesRoot}
}

// inRoot is the confinement of one Create: the root, opened, and where dst
// and the target are inside it.
type inRoot struct {
	root    *os.Root
	abs     string   // root as an absolute, clean path
	dstReal []string // dst's directory relative to root, links resolved
}

// enterRoot opens the root and works out, inside it, dst's directory and the
// link's content, refusing any escape.
func (c *call) enterRoot() error {
	abs, err := absPath(c.root)
	if err != nil {
		return err
	}
	r, err := os.OpenRoot(c.root)
	if err != nil {
		return err
	}
	c.in = &inRoot{root: r, abs: filepath.Clean(abs)}
	rel, err := c.in.local(c.dst)
	if err != nil {
		return escapes("link", c.dst)
	}
	var dir string
	dir, c.name = splitPath(rel)
	if c.name == "." || c.name == ".." {
		return &reason{msg: "link path " + quote(c.dst) + " names a directory", kind: dirAtDst}
	}
	if c.in.dstReal, err = c.in.resolve(nil, dir); err != nil {
		return err
	}
	return c.rootContent()
}

// rootContent works out the link's content and target, judging the target.
func (c *call) rootContent() error {
	from := c.in.dstReal // where a relative content is followed from
	p := c.src
	if isRooted(p) {
		rel, err := c.in.local(p)
		if err != nil {
			return escapes("target", c.src)
		}
		from, p = nil, rel
	} else if c.relative {
		from = nil // src is relative to root itself
	}
	target, err := c.in.resolve(from, p)
	if err != nil {
		return err
	}
	c.target = joinPath(c.in.abs, filepath.Join(target...))
	if !c.relative {
		c.content = c.src
		return nil
	}
	c.content, err = filepath.Rel(string(filepath.Separator)+filepath.Join(c.in.dstReal...), string(filepath.Separator)+filepath.Join(target...))
	return err
}

// dstPath is dst's directory inside the root, links resolved.
func (in *inRoot) dstPath() string {
	if len(in.dstReal) == 0 {
		return "."
	}
	return filepath.Join(in.dstReal...)
}

func (c *call) leaveRoot() {
	if c.at != nil {
		c.at.Close()
	}
	c.in.root.Close()
}

// isRooted reports whether p starts at a root of the file system (on
// Windows also `\x` and `C:x`, which do not depend on the link's directory).
func isRooted(p string) bool {
	return filepath.IsAbs(p) || filepath.VolumeName(p) != "" || p != "" && os.IsPathSeparator(p[0])
}

// local returns p relative to the root, or an error if p, made absolute
// (from the root when relative), lies outside it.
func (in *inRoot) local(p string) (string, error) {
	if !isRooted(p) {
		if !filepath.IsLocal(p) && filepath.Clean(p) != "." {
			return "", errEscape
		}
		return p, nil
	}
	if filepath.VolumeName(p) == "" && !filepath.IsAbs(p) {
		p = filepath.VolumeName(in.abs) + p // Windows `\x`: the root's volume
	}
	rel, err := filepath.Rel(in.abs, filepath.Clean(p))
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", errEscape
	}
	return rel, nil
}

var errEscape = errors.New("outside the root")

// escapedRoot turns the error with which os.Root refuses a path that leaves
// it (a link swapped in while Create ran) into ErrEscapesRoot. os does not
// export that error, so it is known by its text.
func escapedRoot(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent" {
		return &reason{msg: pe.Err.Error(), kind: ErrEscapesRoot, cause: pe.Err}
	}
	return err
}

// resolve follows p, a path relative to the directory at base (a resolved
// path inside the root), through the root as the kernel would follow it,
// and returns the resolved path as elements. Links met on the way are
// followed inside the root; an absolute link that leads outside the root,
// or a ".." above it, is an escape. From the first element that does not
// exist, the path is followed as written.
func (in *inRoot) resolve(base []string, p string) ([]string, error) {
	done := append([]string(nil), base...)
	missing := -1 // index in done of the first element that does not exist
	links := 0
	orig := p
	for p != "" {
		var elem string
		elem, p = firstElem(p)
		switch elem {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return nil, escapes("path", orig)
			}
			done = done[:len(done)-1]
			if missing >= len(done) {
				missing = -1
			}
			continue
		}
		done = append(done, elem)
		if missing >= 0 {
			continue
		}
		name := filepath.Join(done...)
		fi, err := in.root.Lstat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist), errnoKind(osCause(err)) == ErrNotDir:
			missing = len(done) - 1
			continue
		case err != nil:
			return nil, err
		case fi.Mode()&fs.ModeSymlink == 0:
			continue
		}
		dest, err := in.root.Readlink(name)
		if err != nil {
			return nil, err
		}
		if links++; links > maxLinks {
			return nil, &reason{msg: "too many levels of symbolic links in " + quote(orig), kind: ErrEscapesRoot}
		}
		done = done[:len(done)-1]
		if isRooted(dest) {
			rel, err := in.local(dest)
			if err != nil {
				return nil, escapes("link "+quote(name)+" to", dest)
			}
			done, dest = done[:0], rel
		}
		p = dest + string(filepath.Separator) + p
	}
	return done, nil
}
