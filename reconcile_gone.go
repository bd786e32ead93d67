package symlink

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/symlinkgo/symlink/internal/sys"
)

// What a Reconcile no longer wants: the links and parents the ledger
// records that want does not name, how each is judged (Removed, Disowned,
// or the same link as a wanted one by another path), where they meet the
// wanted links, and their removal.

// gone is what becomes of the links the ledger records that want no longer
// names (keys are want's, res their Results), sorted by path: Removed while
// a link holds what the ledger says, or is gone; Disowned once anything
// else is there. A link the ledger records under another path to the same
// entry (through a link to its directory, from another working directory)
// is no link gone: it is the wanted one, and has its Result. What cannot be
// looked at (a directory that cannot be read) fails the run.
func (r *reconcile) gone(keys []string, res []Result) ([]Result, error) {
	wanted := make(map[string]int, len(keys))
	for i, k := range keys {
		wanted[k] = i
	}
	var byEntry map[string]int // the wanted links by their entry, made when needed
	var gone []Result
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(r.ledger.links)) {
		if _, ok := wanted[k]; ok {
			continue
		}
		if byEntry == nil {
			byEntry = make(map[string]int, len(keys))
			for i, k := range keys {
				byEntry[r.canonical(k)] = i
			}
		}
		if i, ok := byEntry[r.canonical(k)]; ok {
			alias := res[i]
			alias.Dst = k
			gone = append(gone, alias)
			continue
		}
		content := r.ledger.links[k]
		l, err := Read(k, r.readOpts()...)
		switch {
		case errors.Is(err, ErrNotExist), errors.Is(err, ErrNotDir):
			// Gone (a parent gone, or a file now): nothing to remove.
			gone = append(gone, Result{Dst: k, Action: Removed, Content: content})
			r.absent = setAdd(r.absent, k)
		case err == nil && sameContent(l.Content, content):
			// Still as made. Its directory must let it go: found now, the
			// dry run says so too, and the real run fails before it
			// changes anything.
			if err := r.removable(k, content); err != nil {
				errs = append(errs, err)
				continue
			}
			gone = append(gone, Result{Dst: k, Action: Removed, Content: content})
		case err == nil, errors.Is(err, ErrNotLink):
			gone = append(gone, Result{Dst: k, Action: Disowned, Content: content})
		default:
			errs = append(errs, err)
		}
	}
	return gone, errors.Join(errs...)
}

// acrossGone finds where the wanted links meet the links no longer wanted
// (gone). A wanted link whose path goes through a link this run removes
// (a link to a directory where want now names a path, or a link to such a
// link) would be made through it: a conflict, and the link no longer
// wanted must go in a run of its own first. A link no longer wanted at a
// wanted link's backup name is replaced by the backup: it is in taken,
// gone without a removal; one changed since (Disowned) would be replaced
// too, which Disowned promises not to do: a conflict.
func (r *reconcile) acrossGone(s *batchState, keys []string, res []Result, gone []Result) (taken map[string]bool, errs []error) {
	removed, disowned := r.byEntry(gone, Removed), r.byEntry(gone, Disowned)
	if len(removed) == 0 && len(disowned) == 0 {
		return nil, nil
	}
	for i, k := range keys {
		l := s.links.at(i)
		if l.err != nil {
			continue
		}
		c := newCall(l.src, l.dst, nil)
		for _, m := range r.linksOnTheWay(parentDir(k)) {
			if g, ok := removed[m]; ok {
				errs = append(errs, c.fail(opSymlink, &reason{msg: "the link path goes through " + quote(g) + ", a link of the ledger that this run removes: remove it in a run of its own first", kind: ErrExist}))
				break
			}
		}
		if res[i].Backup == "" {
			continue
		}
		b := r.key(res[i].Backup)
		if g, ok := r.entryIn(removed, b); ok {
			taken = setAdd(taken, g)
		} else if g, ok := r.entryIn(disowned, b); ok {
			errs = append(errs, c.fail(opBackup, &reason{msg: "the backup name holds " + quote(g) + ", a link this run disowns (changed since it was made), which a backup would replace: move it away first", kind: ErrExist}))
		}
	}
	return taken, errs
}

// removalOrder is the indexes in gone of the links to remove: those
// Removed, but those already gone and those a backup took the place of.
// A link whose path goes through another of them comes before it, so that
// it is removed where it is, not found missing once the other is gone.
func (r *reconcile) removalOrder(gone []Result, taken map[string]bool) []int {
	var pending []int
	for i, g := range gone {
		if g.Action == Removed && !taken[g.Dst] && !r.absent[g.Dst] {
			pending = append(pending, i)
		}
	}
	if len(pending) < 2 {
		return pending
	}
	removed := r.byEntry(gone, Removed)
	needed := map[string]int{} // a pending link -> how many pending links go through it
	through := make(map[int][]string, len(pending))
	for _, i := range pending {
		for _, m := range r.linksOnTheWay(parentDir(gone[i].Dst)) {
			if g, ok := removed[m]; ok && g != gone[i].Dst {
				through[i] = append(through[i], g)
				needed[g]++
			}
		}
	}
	order := make([]int, 0, len(pending))
	for len(pending) > 0 {
		var next, rest []int
		for _, i := range pending {
			if needed[gone[i].Dst] == 0 {
				next = append(next, i)
			} else {
				rest = append(rest, i)
			}
		}
		if len(next) == 0 { // links through each other: any order
			next, rest = rest, nil
		}
		for _, i := range next {
			for _, g := range through[i] {
				needed[g]--
			}
		}
		order, pending = append(order, next...), rest
	}
	return order
}

// entryIn looks k (a key) up in m, a map of byEntry: by its path, then by
// the entry it names.
func (r *reconcile) entryIn(m map[string]string, k string) (string, bool) {
	if g, ok := m[k]; ok {
		return g, true
	}
	g, ok := m[r.canonical(k)]
	return g, ok
}

// byEntry is the links of gone with the given Action by their key and by
// the entry they name (see canonical); a link already gone is none.
func (r *reconcile) byEntry(gone []Result, a Action) map[string]string {
	m := map[string]string{}
	for _, g := range gone {
		if g.Action == a && !r.absent[g.Dst] {
			m[g.Dst] = g.Dst
			m[r.canonical(g.Dst)] = g.Dst
		}
	}
	return m
}

// linksOnTheWay is the links that the path dir (a key) goes through, each
// as a key, its own directory's links resolved: dir itself if it is one,
// the links above it, and those their contents lead through. A dir that
// cannot be followed (a loop, a volume that cannot be opened) goes through
// none that are known.
func (r *reconcile) linksOnTheWay(dir string) []string {
	if m, ok := r.met[dir]; ok {
		return m
	}
	var met []string
	in, rel, prefix := r.inRoot(), dir, ""
	if !r.cfg.rooted {
		vol := filepath.VolumeName(dir)
		prefix = vol + string(filepath.Separator)
		root, ok := r.fsRoots[prefix]
		if !ok {
			root, _ = os.OpenRoot(prefix)
			if r.fsRoots == nil {
				r.fsRoots = map[string]*os.Root{}
			}
			r.fsRoots[prefix] = root
		}
		if root == nil {
			return nil
		}
		in, rel = &inRoot{root: root}, trimSeps(dir[len(vol):])
	}
	in.onLink = func(name string) { met = append(met, joinPath(prefix, name)) }
	_, _, err := in.resolve(nil, rel, false)
	in.onLink = nil
	if err != nil {
		met = nil
	}
	if r.met == nil {
		r.met = map[string][]string{}
	}
	r.met[dir] = met
	return met
}

// closeRoots closes the roots linksOnTheWay opened.
func (r *reconcile) closeRoots() {
	for _, root := range r.fsRoots {
		if root != nil {
			root.Close()
		}
	}
}

// setAdd adds k to set, made if nil.
func setAdd(set map[string]bool, k string) map[string]bool {
	if set == nil {
		set = map[string]bool{}
	}
	set[k] = true
	return set
}

// recordedAs is the key under which the ledger records the entry that key
// k names: k itself, or another path to it (through a link to its
// directory, from another working directory).
func (r *reconcile) recordedAs(k string) (string, bool) {
	if _, ok := r.ledger.links[k]; ok {
		return k, true
	}
	if r.recordedByEntry == nil {
		r.recordedByEntry = make(map[string]string, len(r.ledger.links))
		for k := range r.ledger.links {
			r.recordedByEntry[r.canonical(k)] = k
		}
	}
	rk, ok := r.recordedByEntry[r.canonical(k)]
	return rk, ok
}

// removable reports whether the link at k may be removed: whether this
// process may write in its directory.
func (r *reconcile) removable(k, content string) error {
	dir := parentDir(k)
	var err error
	if r.cfg.rooted {
		var f *os.File
		if f, err = r.cfg.root.Open(dir); err == nil {
			err = writableDir(f, ".")
			f.Close()
		}
	} else {
		err = writableDir(nil, dir)
	}
	if err != nil {
		c := newCall(content, k, nil)
		return c.fail(opRemove, err)
	}
	return nil
}

// canonical is k (a key) with its directory's links resolved: the entry it
// names, whatever path reaches it. A directory that cannot be resolved is
// taken as written.
func (r *reconcile) canonical(k string) string {
	dir, base := splitPath(k)
	c, ok := r.canon[dir]
	if !ok {
		var err error
		if r.cfg.rooted {
			var elems []string
			if elems, _, err = r.inRoot().resolve(nil, dir, false); err == nil {
				c = elemPath(elems)
			}
		} else {
			c, err = filepath.EvalSymlinks(dir)
		}
		if err != nil {
			return k // not kept: the directory may be made later in the run
		}
		if r.canon == nil {
			r.canon = map[string]string{}
		}
		r.canon[dir] = c
	}
	return filepath.Join(c, base)
}

// inRoot is the run's root, for resolving paths in it.
func (r *reconcile) inRoot() *inRoot {
	if r.in == nil {
		r.in = &inRoot{root: r.cfg.root}
	}
	return r.in
}

// remove removes the link at k if it still holds content; one already gone
// (or whose parent is no directory now) is no error.
func (r *reconcile) remove(k, content string) error {
	err := Remove(content, k, r.removeOpts()...)
	if errors.Is(err, ErrNotExist) || errors.Is(err, ErrNotDir) {
		return nil // gone, or a parent is no directory now
	}
	return err
}

// removeDirs removes the parents Reconcile made that no wanted link needs
// and that are empty, the deepest first, and forgets them; a parent that
// holds anything else stays, and stays recorded. One that is no longer a
// directory (a link put in its place) is left as it is, and forgotten.
func (r *reconcile) removeDirs(dirs map[string]bool, links map[string]string) {
	needed := map[string]bool{}
	for k := range links {
		for d := parentDir(k); !needed[d] && d != parentDir(d); d = parentDir(d) {
			needed[d] = true
		}
	}
	byDepth := slices.SortedFunc(maps.Keys(dirs), func(a, b string) int {
		return cmp.Compare(strings.Count(b, string(filepath.Separator)), strings.Count(a, string(filepath.Separator)))
	})
	for _, d := range byDepth {
		if needed[d] {
			continue
		}
		if r.canonical(d) != d {
			// Recorded with its directory's links resolved: a directory
			// above it was replaced by a link since, and what the path
			// reaches now is not what Reconcile made.
			delete(dirs, d)
			continue
		}
		var err error
		if r.cfg.rooted {
			var parent *os.File
			if parent, err = r.cfg.root.Open(parentDir(d)); err == nil {
				err = sys.Rmdir(parent, d[lastSep(d)+1:])
				parent.Close()
			}
		} else {
			err = sys.Rmdir(nil, d)
		}
		// Gone, or no longer a directory (a link, a file put there since):
		// not Reconcile's any more, and never removed.
		if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			delete(dirs, d)
		}
	}
}
