package symlink

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// How WithinRoot keeps links inside the root.
//
// Paths. dst is taken relative to root. An absolute dst or src must start
// with the root's path: root.Name() made absolute, or the real path of that
// directory (the two differ when a link leads to the root). A relative
// root.Name() is made absolute against the working directory of the moment:
// after a change of directory it names another place, and absolute paths
// are then refused (relative ones still work). Nothing else uses the root's
// name: every other look and change, the dry run's included, goes through
// root. A dst whose ".." climbs above root (a tar entry named "..") is an
// escape; one that names a directory inside it fails as a directory at dst
// does.
//
// dst's directory. It is reached through root, so no link among dst's
// parents can carry the new link out of the root, even one swapped in while
// Create runs. The link's content is judged for the directory dst names;
// should the directory opened to make the link in not be that one (a parent
// still to be made that another Create made a link meanwhile, or a directory
// swapped for a link), the content is judged again for the directory that
// is there (sameDir, errRejudge).
//
// The target. Create follows src inside root as the kernel would, every link
// already on its way included (resolve), and refuses an absolute path
// outside root, a link on the way that leads out of it, and a ".." that
// climbs above it. Because later links can change what a path means, one
// rule more keeps every link inside for good: a ".." may follow only a real
// directory, or stand at the start of src, where it climbs from the link's
// own directory. A ".." right after a link or after a name that does not
// exist yet is refused, because a later Create could make that name a link
// to somewhere else and turn the ".." into a way out. With WithRelative the
// content is computed from the resolved path, so the rule does not apply to
// src. (os.Root.Symlink alone makes the link inside root but does not look
// at where it points.)
//
// The limits. A link moved or linked elsewhere after it was made
// (os.Root.Rename or os.Root.Link of a link, as a tar hard-link entry that
// names a link entry asks for) means something else in its new directory
// when its content is relative. On Windows a junction inside the root
// already, like a bind mount on Linux, is not followed back: a link reached
// through it climbs with ".." from the junction's parents, not from where
// the junction leads. On Windows os.Root makes the link: a directory link
// when the target is a directory inside root, a file link otherwise.

// escapes is the cause of an ErrEscapesRoot failure.
func escapes(what, p string) error {
	return &reason{msg: what + " " + quote(p) + " is outside the root", kind: ErrEscapesRoot}
}

// inRoot is the confinement of one Create: the root, and where dst and the
// target are inside it.
type inRoot struct {
	root     *os.Root
	prefixes [][]string        // the root's absolute paths as elements; see paths
	dstReal  []string          // dst's directory relative to root, links resolved
	dstInfo  fs.FileInfo       // that directory as judged; nil if it was still to be made
	target   string            // the target relative to root, links resolved
	onLink   func(name string) // if set, told of each link resolve follows (its path in the root)
}

// errRejudge says that dst's directory is no longer the one the link's
// content was judged for: a parent still to be made turned out to be a
// link, or the directory opened is another. The judgement is made again.
var errRejudge = errors.New("dst's directory changed while Create ran")

// sameDir reports whether at, dst's directory as opened, is the directory
// the content was judged for. One that was still to be made then (or that
// could not be described) must now be a directory reached through
// directories only, no link made meanwhile on the way, and be the one
// opened.
func (in *inRoot) sameDir(at *os.Root) bool {
	fi, err := at.Stat(".")
	if err != nil {
		return false
	}
	want := in.dstInfo
	if want == nil {
		if want, err = in.root.Lstat("."); err != nil {
			return false
		}
		for i := range in.dstReal {
			if want, err = in.root.Lstat(elemPath(in.dstReal[:i+1])); err != nil || !want.IsDir() {
				return false
			}
		}
	}
	return os.SameFile(fi, want)
}

// enterRoot works out, inside the root, dst's directory and the link's
// content, refusing any escape.
func (c *call) enterRoot() error {
	if err := c.rootDst(dirAtDst); err != nil {
		return err
	}
	return c.rootContent()
}

// rootDst works out dst's directory inside the root, links resolved, and
// dst's last element, refusing a dst outside the root. A dst that names a
// directory itself (the root's own path, or "." or ".." last) fails with
// the sentinel isDir, unless that directory is above the root: a ".." that
// climbs out of it is an escape.
func (c *call) rootDst(isDir error) error {
	c.in = &inRoot{root: c.root}
	rel, err := c.in.local("link", c.dst)
	if err != nil {
		return err
	}
	var dir string
	dir, c.name = splitPath(rel)
	if c.name == "" || c.name == "." || c.name == ".." { // "": the root itself
		if _, _, err := c.in.resolve(nil, rel, false); err != nil {
			return err
		}
		return &reason{msg: "link path " + quote(c.dst) + " names a directory", kind: isDir}
	}
	if isDir == ErrNotLink && hasDotDot(dir) {
		// Read and Remove reach an existing dst as the system would: a
		// ".." right after a missing name or a file fails there, where
		// the walk below, made for paths still to be made, goes back up.
		if _, err := c.root.Stat(dir); err != nil {
			return err
		}
	}
	var dead string
	if c.in.dstReal, dead, err = c.in.resolve(nil, dir, false); err != nil {
		return err
	}
	if dead != "" {
		// As outside a root: neither the link nor its parents can be made
		// through a link that leads nowhere ("mkdir -p" stops there too).
		return &reason{msg: "parent " + quote(dead) + " is a link that leads nowhere", kind: ErrNotExist}
	}
	if fi, err := c.root.Lstat(c.in.dstPath()); err == nil && fi.IsDir() {
		c.in.dstInfo = fi
	}
	return nil
}

// lstatLink looks name up in the root and, when it is a link, reads it. A
// name that another program changes between the two calls (a link replaced
// by a directory, or removed) is looked up again, a bounded number of
// times, so that the change is not taken for a fault of the path.
func (in *inRoot) lstatLink(name string) (fi fs.FileInfo, dest string, err error) {
	for tries := 1; ; tries++ {
		fi, err = in.root.Lstat(name)
		if err != nil || !isLink(fi) {
			return fi, "", err
		}
		dest, err = in.root.Readlink(name)
		if err == nil || tries == maxTries {
			return fi, dest, err
		}
		if k := errnoKind(osCause(err)); k != ErrInvalid && k != ErrNotLink && k != ErrNotExist {
			return fi, dest, err // not a sign of a change
		}
	}
}

// rootContent works out the link's content and target, judging the target.
func (c *call) rootContent() error {
	from := c.in.dstReal // where a relative content is followed from
	p := c.src
	if isRooted(p) {
		rel, err := c.in.local("target", p)
		if err != nil {
			return err
		}
		from, p = nil, rel
	} else if c.relative {
		from = nil // src is relative to root itself
	}
	// What is stored as written must keep its meaning whatever later links
	// do; a computed relative path is made of resolved names only.
	target, _, err := c.in.resolve(from, p, !c.relative)
	if err != nil {
		return err
	}
	c.in.target = elemPath(target)
	c.target = joinPath(c.root.Name(), c.in.target)
	if !c.relative {
		c.content = c.src
		return nil
	}
	c.content, err = filepath.Rel(string(filepath.Separator)+filepath.Join(c.in.dstReal...), string(filepath.Separator)+filepath.Join(target...))
	return err
}

// elemPath joins resolved elements into a path relative to the root.
func elemPath(elems []string) string {
	if len(elems) == 0 {
		return "."
	}
	return filepath.Join(elems...)
}

// dstPath is dst's directory inside the root, links resolved.
func (in *inRoot) dstPath() string { return elemPath(in.dstReal) }

// isRooted reports whether p starts at a root of the file system (on
// Windows also `\x` and `C:x`, which do not depend on the link's directory).
func isRooted(p string) bool {
	return filepath.IsAbs(p) || filepath.VolumeName(p) != "" || p != "" && os.IsPathSeparator(p[0])
}

// local returns p relative to the root: p itself when it is relative, or
// the rest of an absolute p after the root's path. Nothing is cleaned: the
// rest is followed by resolve, which reads each ".." as the file system
// does. what names p in the error.
func (in *inRoot) local(what, p string) (string, error) {
	if !isRooted(p) {
		return p, nil
	}
	prefixes, err := in.paths()
	if err != nil {
		return "", err
	}
	if filepath.VolumeName(p) == "" && !filepath.IsAbs(p) {
		p = prefixes[0][0] + p // Windows `\x`: the root's volume
	}
	for _, prefix := range prefixes {
		if rest, ok := cutElems(p, prefix); ok {
			return rest, nil
		}
	}
	return "", escapes(what, p)
}

// cutElems returns what follows the elements of prefix at the start of p.
// Separators repeated and "." elements are skipped, which changes no path's
// meaning; a ".." before the prefix is complete makes p not start with it.
func cutElems(p string, prefix []string) (string, bool) {
	rest := p[len(filepath.VolumeName(p)):]
	if !sameName(filepath.VolumeName(p), prefix[0]) {
		return "", false
	}
	for _, want := range prefix[1:] {
		var elem string
		for elem == "" || elem == "." {
			if rest == "" {
				return "", false
			}
			elem, rest = firstElem(rest)
		}
		if !sameName(elem, want) {
			return "", false
		}
	}
	return rest, true
}

// sameName compares names as the file system does: Windows ignores case.
func sameName(a, b string) bool {
	if runtime.GOOS == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// paths returns the root's absolute paths as elements, the volume name
// first: root.Name() made absolute and cleaned, then the real path of the
// directory, each only if it names the directory that was opened. They are
// looked up only for an absolute path, once per call.
func (in *inRoot) paths() ([][]string, error) {
	if in.prefixes != nil {
		return in.prefixes, nil
	}
	name := in.root.Name()
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, rootFault(name, err)
	}
	opened, err := in.root.Stat(".")
	if err != nil {
		return nil, rootFault(name, err)
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, rootFault(name, err)
	}
	for _, p := range []string{abs, resolved} {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, opened) {
			in.prefixes = append(in.prefixes, splitElems(p))
		}
	}
	if in.prefixes == nil {
		fi, err := os.Stat(resolved)
		if err == nil && !fi.IsDir() {
			return nil, &reason{msg: "root " + quote(name) + " is not a directory", kind: ErrNotDir}
		}
		return nil, &reason{msg: "root " + quote(name) + " no longer names the directory it was opened at", kind: ErrNotExist}
	}
	return in.prefixes, nil
}

// rootFault says that the root itself, not a path inside it, is at fault.
func rootFault(name string, err error) error {
	r := restate(err, func(text string) string { return "root " + quote(name) + ": " + text })
	if r.kind == nil {
		r.kind = ErrNotExist
	}
	return r
}

// hasDotDot reports whether p has a ".." element.
func hasDotDot(p string) bool {
	for rest := p; rest != ""; {
		var elem string
		if elem, rest = firstElem(rest); elem == ".." {
			return true
		}
	}
	return false
}

// splitElems splits a clean absolute path into its volume name and its
// elements.
func splitElems(p string) []string {
	vol := filepath.VolumeName(p)
	elems := []string{vol}
	for rest := p[len(vol):]; rest != ""; {
		var elem string
		elem, rest = firstElem(rest)
		if elem != "" {
			elems = append(elems, elem)
		}
	}
	return elems
}

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
// exist, the path is taken as written.
//
// strict is for a path that will be stored as written: a ".." is refused
// unless it comes before every name of its own text (p, or a link's
// content). A leading ".." climbs from the directory that holds the link,
// which cannot go while the link is in it; a ".." after a name climbs out
// of whatever that name is then, and a name can change: a link can be
// re-pointed, a missing name made a link, and an empty directory removed
// (by the clean-up of a Create that failed, running at once) and made a
// link. Even "dir/../x" could thus later lead anywhere.
//
// dead, when the first element that does not exist is in the content of a
// link met on the way, is that link: the path goes through a link that
// leads nowhere, which "mkdir -p" cannot get past.
func (in *inRoot) resolve(base []string, p string, strict bool) (elems []string, dead string, err error) {
	// A text being followed: p, or the content of a link met in it.
	type text struct {
		rest  string
		named bool   // a name of this text came before: a ".." would climb out of it
		link  string // the link whose content this is; "" for p
	}
	texts := []text{{rest: p}}
	done := append([]string(nil), base...)
	missing := -1 // index in done of the first element that does not exist
	links := 0
	for len(texts) > 0 {
		t := &texts[len(texts)-1]
		if t.rest == "" {
			texts = texts[:len(texts)-1]
			continue
		}
		var elem string
		elem, t.rest = firstElem(t.rest)
		switch elem {
		case "", ".":
			continue
		case "..":
			if strict && t.named {
				return nil, "", &reason{msg: `".." after a name in ` + quote(p) + " could later lead outside the root: only leading \"..\" elements are kept", kind: ErrEscapesRoot}
			}
			if len(done) == 0 {
				return nil, "", escapes("path", p)
			}
			done = done[:len(done)-1]
			if missing >= len(done) {
				missing = -1
			}
			continue
		}
		done = append(done, elem)
		t.named = true
		if missing >= 0 {
			continue
		}
		name := filepath.Join(done...)
		fi, dest, err := in.lstatLink(name)
		switch {
		case errors.Is(err, fs.ErrNotExist), errnoKind(osCause(err)) == ErrNotDir:
			missing = len(done) - 1
			dead = t.link
			continue
		case err != nil:
			return nil, "", err
		case !isLink(fi):
			continue
		}
		if links++; links > maxLinks {
			// A loop: it leads nowhere, not out. The system would say ELOOP.
			return nil, "", &reason{msg: "too many levels of symbolic links in " + quote(p), cause: errLoop}
		}
		if in.onLink != nil {
			in.onLink(name)
		}
		done = done[:len(done)-1]
		if isRooted(dest) {
			rel, err := in.local("link "+quote(name)+" to", dest)
			if err != nil {
				return nil, "", err
			}
			done, dest = done[:0], rel
		}
		texts = append(texts, text{rest: dest, link: name})
	}
	return done, dead, nil
}

// trimSeps is p, a path in a root, without the separators it starts with
// (inRoot.local keeps them): the name os.Root takes, "." for the root
// itself.
func trimSeps(p string) string {
	for p != "" && os.IsPathSeparator(p[0]) {
		p = p[1:]
	}
	if p == "" {
		return "."
	}
	return p
}

// statInRoot is the directory dir names in root (absolute in the root, or
// relative to it), its links followed as Create follows them: an absolute
// link inside the root included, which os.Root itself refuses.
func statInRoot(root *os.Root, dir string) (fs.FileInfo, error) {
	in := &inRoot{root: root}
	rel, err := in.local("link", dir)
	if err != nil {
		return nil, err
	}
	elems, _, err := in.resolve(nil, trimSeps(rel), false)
	if err != nil {
		return nil, err
	}
	return root.Stat(elemPath(elems))
}
