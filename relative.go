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

// maxLinks bounds the links followed in one path, as the kernels' ELOOP does.
const maxLinks = 255

// resolveExisting returns the clean absolute path abs with every symbolic
// link among its existing elements replaced by what it points to. Elements
// that do not exist, or cannot be read, are taken as written ("." dropped,
// ".." removing the element before it), so a link may be computed for a tree
// that is yet to be made. It reads each element once: one lstat, and one
// readlink for a link. A link met a second time (a loop) is taken as
// written, as "ln -sr" does.
func resolveExisting(abs string) (string, error) {
	vol := filepath.VolumeName(abs)
	done := vol + string(filepath.Separator) // the resolved prefix
	rest := abs[len(vol):]                   // still to walk
	links := 0
	var seen map[string]bool // the links followed
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
		if seen[next] {
			// A link loop: as GNU's canonicalize in its "missing parts
			// allowed" mode, which ln -sr uses, the link met again is
			// taken as written.
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
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[next] = true
		if filepath.IsAbs(dest) || filepath.VolumeName(dest) != "" {
			v := filepath.VolumeName(dest)
			if v == "" {
				v = vol
			}
			done, dest = v+string(filepath.Separator), dest[len(filepath.VolumeName(dest)):]
		}
		rest = dest + string(filepath.Separator) + rest
	}
	return done, nil
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
