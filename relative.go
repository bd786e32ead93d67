package symlink

import (
	"os"
	"path/filepath"
	"runtime"
)

// relativeLink returns what a link at dst must hold to reach target, computed
// as GNU "ln -sr" does: dst's directory and target (both absolute) with every
// symbolic link already present resolved, then the path between them.
// Resolving first is what makes the result right when a parent is itself a
// link: a purely lexical path would climb out of the link's real directory.
// dst's last element is the link to be made, so it is not resolved.
//
// On Windows the result is what Windows itself will resolve, which is not
// what "ln -sr" computes: Windows removes the ".." elements of a path as
// text before it follows any link (GetFullPathNameW; the comment of Go's
// rootCleanPath), so src and dst are made absolute that way; and a junction
// is a mount point, which Windows leaves in the path it follows a link from,
// so junctions are kept as names and only symbolic links are resolved.
func relativeLink(target, dst string) (string, error) {
	absDst, err := relativeAbs(dst)
	if err != nil {
		return "", err
	}
	dir, err := resolveExisting(parentDir(absDst))
	if err != nil {
		return "", err
	}
	to, err := resolveExisting(target)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(dir, to)
	if err != nil {
		return to, nil // no relative path: another Windows volume
	}
	return rel, nil
}

// relativeAbs makes p absolute for WithRelative: without cleaning it (only
// the file system resolves ".."), but on Windows as Windows does, which
// removes ".." as text.
func relativeAbs(p string) (string, error) {
	if runtime.GOOS == "windows" {
		return filepath.Abs(p)
	}
	return absPath(p)
}

// freeLinks is how many links resolveExisting follows before it looks for a
// loop, as coreutils does: a path may pass through the same link several
// times without being a loop (a/up/a/up, where up is ".."), so meeting a
// link again proves nothing by itself.
const freeLinks = 20

// maxLinks bounds the links followed in one path. A loop is found long
// before (see resolveExisting); only a link that grows the path each time it
// is followed (g -> g/x), on which "ln -sr" never ends, reaches it: that is
// the system's ELOOP.
const maxLinks = 255

// resolveExisting returns the clean absolute path abs with every symbolic
// link among its existing elements replaced by what it points to. Elements
// that do not exist, or cannot be read, are taken as written ("." dropped,
// ".." removing the element before it), so a link may be computed for a tree
// that is yet to be made. It reads each element once: one lstat, and one
// readlink for a link.
//
// A loop is what GNU's canonicalisation in its "missing parts allowed" mode,
// which "ln -sr" uses, takes for one: past the first freeLinks links, the
// same rest of the path met again in the same directory. The link at which
// that happens is then taken as written, as "ln -sr" takes it.
func resolveExisting(abs string) (string, error) {
	vol := filepath.VolumeName(abs)
	done := vol + string(filepath.Separator) // the resolved prefix
	rest := abs[len(vol):]                   // still to walk
	links := 0
	var seen map[loopKey]bool // past freeLinks: where each link was met
	for rest != "" {
		var elem string
		elem, rest = firstElem(rest)
		switch elem {
		case "", ".":
			continue
		case "..":
			done = filepath.Dir(done)
			continue
		}
		next := joinPath(done, elem) // done is clean and elem a name: no Clean needed
		fi, err := os.Lstat(next)
		// Only symbolic links: a junction is kept as a name (see
		// relativeLink), and os.Lstat reports it as ModeIrregular.
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			done = next
			continue
		}
		dest, err := os.Readlink(next)
		if err != nil {
			done = next
			continue
		}
		if links++; links > maxLinks {
			return "", errLoop
		}
		if links > freeLinks {
			key, err := newLoopKey(done, elem+rest)
			if err != nil {
				return "", err
			}
			if seen[key] {
				done = next // the loop's link, taken as written
				continue
			}
			if seen == nil {
				seen = map[loopKey]bool{}
			}
			seen[key] = true
		}
		if root, from, ok := rootOf(dest, vol); ok {
			done, dest = root, from
		}
		// rest is empty or starts with a separator: the same text met
		// again is the same string, however deep the links it came from.
		rest = dest + rest
	}
	return done, nil
}

// rootOf reports whether dest, what a link holds, starts from a root rather
// than from the link's directory, and if so which (its own volume's, or
// vol's, the volume of the path it is met in) and the rest of dest to walk
// from there. On Windows `\x` starts from the root of the link's volume and
// `C:\x` or `\\server\share\x` from their own: only a content with no
// volume and no leading separator is relative.
func rootOf(dest, vol string) (root, rest string, ok bool) {
	v := filepath.VolumeName(dest)
	if !filepath.IsAbs(dest) && v == "" && (dest == "" || !os.IsPathSeparator(dest[0])) {
		return "", dest, false
	}
	rest = dest[len(v):]
	if v == "" {
		v = vol
	}
	return v + string(filepath.Separator), rest, true
}

// A loopKey is one moment of resolveExisting: the directory a link is in,
// and the path still to walk from that link on.
type loopKey struct {
	dir  [2]uint64 // the directory's device and inode, where known
	path string    // the directory's path, where they are not
	rest string
}

// newLoopKey describes dir, followed as the system follows it, and rest.
func newLoopKey(dir, rest string) (loopKey, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return loopKey{}, err
	}
	if id, ok := fileKey(fi); ok {
		return loopKey{dir: id, rest: rest}, nil
	}
	return loopKey{path: dir, rest: rest}, nil
}

// firstElem splits p after its first element, skipping leading separators.
func firstElem(p string) (elem, rest string) {
	i := 0
	for i < len(p) && os.IsPathSeparator(p[i]) {
		i++
	}
	j := i
	for j < len(p) && !os.IsPathSeparator(p[j]) {
		j++
	}
	return p[i:j], p[j:]
}
