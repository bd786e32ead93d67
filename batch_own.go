package symlink

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ownFile is a file that a Batch's Apply, or a Reconcile, keeps beside the
// links it makes: the journal, the ledger and the ledger's new text. An Add
// that names one, as its dst or as its backup name, would replace it with a
// link, or rename a file over it, in the middle of the run that needs it.
type ownFile struct {
	path string
	what string // "the Batch's journal", …
}

// foldedNames is whether names that differ only in case name one entry on
// the system's usual file systems (NTFS, APFS): there, such an Add is
// refused too.
const foldedNames = runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "ios"

// mayBeSame reports whether a and b may name the same entry of one
// directory.
func mayBeSame(a, b string) bool {
	if foldedNames {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// refuseOwn refuses, ErrInvalid, the Adds whose dst or backup name is one
// of s.own, by its path or through any other path to its directory.
func (s *batchState) refuseOwn() {
	type mine struct {
		ownFile
		name string
		dir  fs.FileInfo
	}
	var own []mine
	for _, o := range s.own {
		abs, err := filepath.Abs(o.path)
		if err != nil {
			continue
		}
		dir, name := splitPath(abs)
		if fi, err := os.Stat(dir); err == nil {
			own = append(own, mine{o, name, fi})
		}
	}
	if len(own) == 0 {
		return
	}
	for i := range s.links.n {
		l := s.links.at(i)
		if l.err != nil {
			continue
		}
		name := l.dst[lastSep(l.dst)+1:]
		for _, o := range own {
			// The names first, a prefix for a backup name: the Add's
			// options are applied only for the few that may meet.
			if len(name) > len(o.name) || !mayBeSame(name, o.name[:len(name)]) {
				continue
			}
			c := newCall(l.src, l.dst, l.opts)
			var why string
			switch {
			case len(name) == len(o.name):
				why = "the link path is "
			case c.backup && mayBeSame(name+c.suffix, o.name):
				why = "the link's backup name is "
			default:
				continue
			}
			var dir fs.FileInfo
			var err error
			if c.rooted && c.root != nil {
				// dst is in the root, absolute or not, its links
				// followed as Create follows them.
				dir, err = statInRoot(c.root, parentDir(l.dst))
			} else {
				dir, err = os.Stat(parentDir(l.dst))
			}
			if err == nil && os.SameFile(dir, o.dir) {
				l.err = c.fail(opSymlink, &reason{msg: why + o.what + " " + quote(o.path), kind: ErrInvalid})
				*l.res = Result{}
				break
			}
		}
	}
}
