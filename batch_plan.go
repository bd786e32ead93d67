package symlink

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// A Batch's plan: the links grouped by the directory of their dst, the
// conflicts among them found before anything is written (a dst given twice,
// a dst inside another, backup names that meet, the same directory reached
// by two paths), and the dry run of each link, which Apply then follows.

// batchState is one Plan or Apply of a Batch: its links, grouped by the
// directory of their dst.
type batchState struct {
	links  itemList   // the Batch's: Plan and Apply reset what they use
	groups [][]int    // indexes into links, one slice per directory
	dirs   []*dirInfo // each group's directory, as Plan found it
	limit  int
	own    []ownFile // the journal, the ledger: no Add may name them
	id     string    // names this Apply in the names it makes beside each dst (see tagOf)
	res    []Result  // one per link, in Add order
}

// close closes the directories that are still open.
func (s *batchState) close() {
	for _, d := range s.dirs {
		d.close()
	}
}

// plan makes the dry run of every link without an error yet.
func (s *batchState) plan(ctx context.Context) {
	s.each(ctx, func(l *item) { l.plan(s.dirs[l.group]) })
	s.refuseAliases()
	s.refuseOwn()
}

// refuseAliases finds the directories that Plan opened under two paths (one
// reached through a link) and refuses the Adds whose names meet there, as
// state does within one path: a dst given twice, a dst at another Add's
// backup name, and backup names that meet.
func (s *batchState) refuseAliases() {
	type dirKey struct {
		file  [2]uint64
		below string
	}
	byKey := map[dirKey]int{} // a directory's file key -> its first group
	var firsts []int          // the first group of each directory, where keys are unknown
	same := map[int][]int{}   // a directory's first group -> its other groups
	for g, d := range s.dirs {
		if d.stat == nil {
			s.findDir(g)
		}
		if d.stat == nil {
			continue
		}
		first := -1
		if k, ok := fileKey(d.stat); ok {
			if f, seen := byKey[dirKey{k, d.below}]; seen {
				first = f
			} else {
				byKey[dirKey{k, d.below}] = g
			}
		} else {
			for _, f := range firsts {
				if os.SameFile(s.dirs[f].stat, d.stat) && s.dirs[f].below == d.below {
					first = f
					break
				}
			}
			if first < 0 {
				firsts = append(firsts, g)
			}
		}
		if first >= 0 {
			same[first] = append(same[first], g)
		}
	}
	for first, others := range same {
		s.refuseMeeting(append([]int{first}, others...))
	}
}

// findDir describes the directory of group g, which Plan did not open: one
// in a root (Plan opens those through the root, link by link), or one that
// does not exist yet (WithParents makes it). It is described by the
// nearest directory above it that exists, and the path below that, so that
// d/sub and alias/sub, both to be made, are found to be one.
func (s *batchState) findDir(g int) {
	d := s.dirs[g]
	l := s.links.at(s.groups[g][0])
	c := newCall(l.src, l.dst, l.opts)
	stat := os.Stat
	dir := parentDir(l.dst)
	if c.rooted {
		if c.root == nil {
			return
		}
		rel, err := (&inRoot{root: c.root}).local("link", dir)
		if err != nil {
			return
		}
		dir = filepath.Clean(trimSeps(rel))
		stat = func(p string) (fs.FileInfo, error) { return statInRoot(c.root, p) }
	}
	var below []string
	for p := dir; ; p = parentDir(p) {
		if fi, err := stat(p); err == nil {
			slices.Reverse(below)
			d.stat, d.below = fi, filepath.Join(below...)
			return
		} else if !errors.Is(err, fs.ErrNotExist) {
			return
		}
		_, name := splitPath(p)
		if up := parentDir(p); up == p || !isName(name) {
			return
		}
		below = append(below, name)
	}
}

// refuseMeeting refuses the Adds of groups (one directory under several
// paths) whose names meet in groups other than their own.
func (s *batchState) refuseMeeting(groups []int) {
	type use struct{ item, group int }
	dsts, backups := map[string][]use{}, map[string][]use{}
	for _, g := range groups {
		for _, i := range s.groups[g] {
			l := s.links.at(i)
			if l.err != nil {
				continue
			}
			name := l.dst[lastSep(l.dst)+1:]
			dsts[name] = append(dsts[name], use{i, g})
			if c := newCall(l.src, l.dst, l.opts); c.backup {
				backups[name+c.suffix] = append(backups[name+c.suffix], use{i, g})
			}
		}
	}
	apart := func(uses []use) bool { // in more than one group
		return slices.ContainsFunc(uses, func(u use) bool { return u.group != uses[0].group })
	}
	refuse := func(uses []use, why string) {
		for _, u := range uses {
			l := s.links.at(u.item)
			c := newCall(l.src, l.dst, nil)
			l.err = c.fail(opSymlink, &reason{msg: why + " in the Batch, through another path to its directory", kind: ErrInvalid})
			*l.res = Result{}
		}
	}
	for name, uses := range dsts {
		if apart(uses) {
			refuse(uses, "the same link path is given twice")
		}
		if b := backups[name]; len(b) > 0 && apart(append(slices.Clone(uses), b...)) {
			refuse(uses, "the link path is another link's backup name")
		}
	}
	for _, uses := range backups {
		if apart(uses) {
			refuse(uses, "the link's backup name is another link's backup name too")
		}
	}
}

// state readies the Batch's links for one Plan or Apply, and finds what is
// wrong with them together: duplicates, and parents another Add makes.
func (b *Batch) state() *batchState {
	s := &batchState{links: b.links, limit: b.limit, id: newID(), res: make([]Result, b.links.n)}
	if b.journal != "" {
		s.own = []ownFile{{b.journal, "the Batch's journal"}}
	}
	wd, _ := os.Getwd()
	var dirs []string           // each group's directory (clean, absolute)
	var sizes []int             // how many Adds each group has
	groups := map[string]int{}  // directory -> index in dirs and s.groups
	makes := map[string]bool{}  // directories some Add's WithParents makes
	var backupOf map[int]string // Adds with WithBackup -> the base name of their backup
	last := -1                  // the group of the Add before: Adds come directory by directory
	var lastDir string          // and its dst's directory, as given
	var lastRoot *os.Root
	var calls applied
	for i := range s.links.n {
		l := s.links.at(i)
		*l = item{spec: l.spec, res: &s.res[i]} // what an earlier Plan or Apply left goes
		a := l.spec
		c := calls.newCall(a.src, a.dst, a.opts)
		l.user, l.parents, l.index = c.result, c.parents, i
		switch {
		case c.dryRun:
			l.err = c.fail(opSymlink, &reason{msg: "WithDryRun in a Batch: use Plan", kind: ErrInvalid})
		case c.wantResult && c.result == nil:
			l.err = c.fail(opSymlink, &reason{msg: "WithResult of a nil *Result", kind: ErrInvalid})
		}
		given, base := splitPath(a.dst)
		var dir string
		if last >= 0 && given == lastDir && c.root == lastRoot && isName(base) {
			dir = dirs[last] // spelled as the Add before: its key, with this name
		} else {
			dir, base = splitPath(batchKey(&c, wd)) // the key is clean: no need to clean again
		}
		lastDir, lastRoot = given, c.root
		g := last
		if g < 0 || dirs[g] != dir {
			var ok bool
			if g, ok = groups[dir]; !ok {
				g = len(dirs)
				groups[dir] = g
				dirs = append(dirs, dir)
				sizes = append(sizes, 0)
				s.dirs = append(s.dirs, &dirInfo{path: parentDir(a.dst)})
			}
		}
		last = g
		sizes[g]++
		l.group = int32(g)
		if c.backup {
			if backupOf == nil {
				backupOf = map[int]string{}
			}
			backupOf[i] = base + c.suffix
		}
		if c.parents {
			for d := dir; !makes[d]; d = parentDir(d) {
				makes[d] = true
			}
		}
	}
	// The groups share one slice of indexes, in Add order within each.
	all := make([]int, s.links.n)
	s.groups = make([][]int, len(dirs))
	for g, n := range sizes {
		s.groups[g], all = all[:0:n], all[n:]
	}
	for i := range s.links.n {
		g := s.links.at(i).group
		s.groups[g] = append(s.groups[g], i)
	}
	// A dst is inside another when a directory above it is a dst: the
	// same for all the dsts of a directory. Each directory above one of
	// the groups that is itself in a group asks that group whether it
	// names it.
	type above struct {
		name, path string // the directory's name in the group, and its path
		group      int    // the group below it
	}
	asks := map[int][]above{}
	for g, dir := range dirs {
		for d := dir; d != parentDir(d); d = parentDir(d) {
			up, name := splitPath(d)
			if u, ok := groups[up]; ok {
				asks[u] = append(asks[u], above{name, d, g})
			}
		}
	}
	inside := make([]string, len(dirs))
	insideBackup := make([]string, len(dirs)) // a backup name above the group
	for u, as := range asks {
		byName := map[string][]above{}
		for _, a := range as {
			byName[a.name] = append(byName[a.name], a)
		}
		for _, i := range s.groups[u] {
			for _, a := range byName[s.links.at(i).keyBase(wd)] {
				if len(a.path) > len(inside[a.group]) { // the nearest
					inside[a.group] = a.path
				}
			}
			if bk, ok := backupOf[i]; ok {
				for _, a := range byName[bk] {
					if len(a.path) > len(insideBackup[a.group]) {
						insideBackup[a.group] = a.path
					}
				}
			}
		}
	}
	names, backups := map[string]int{}, map[string]int{} // of one group at a time
	for g, group := range s.groups {
		clear(names)
		clear(backups)
		for _, i := range group {
			names[s.links.at(i).keyBase(wd)]++
			if bk, ok := backupOf[i]; ok {
				backups[bk]++
			}
		}
		for _, i := range group {
			l := s.links.at(i)
			if l.err != nil {
				continue
			}
			base := l.keyBase(wd)
			var why string
			switch {
			case names[base] > 1:
				why = "the same link path is given twice"
			case backups[base] > 0:
				why = "the link path is another link's backup name"
			case inside[g] != "":
				why = "the link path is inside another link's path " + quote(inside[g])
			case insideBackup[g] != "":
				why = "the link path is inside another link's backup name " + quote(insideBackup[g])
			case backups[backupOf[i]] > 1:
				why = "the link's backup name " + quote(backupOf[i]) + " is another link's backup name too"
			}
			if why != "" {
				c := newCall(l.src, l.dst, nil)
				l.err = c.fail(opSymlink, &reason{msg: why + " in the Batch", kind: ErrInvalid})
			}
			if makes[dirs[g]] {
				// Made by another Add: this one may make it too.
				l.parents = true
			}
		}
	}
	return s
}

// keyBase is the name of the link's dst in its directory, as batchKey
// spells it; wd is the working directory.
func (l *item) keyBase(wd string) string {
	if base := l.dst[lastSep(l.dst)+1:]; isName(base) {
		return base
	}
	c := newCall(l.src, l.dst, l.opts)
	_, base := splitPath(batchKey(&c, wd))
	return base
}

// isName is whether base, the last element of a path, names an entry of
// its directory as it is.
func isName(base string) bool { return base != "" && base != "." && base != ".." }

// batchKey is dst as the Batch compares it: absolute and clean; wd is the
// working directory.
func batchKey(c *call, wd string) string {
	dst := c.dst
	if c.rooted && c.root != nil && !isRooted(dst) {
		dst = joinPath(c.root.Name(), dst)
	}
	if !filepath.IsAbs(dst) && !isRooted(dst) && wd != "" {
		return filepath.Join(wd, dst)
	}
	if abs, err := filepath.Abs(dst); err == nil {
		return abs
	}
	return filepath.Clean(dst)
}

// each runs f on every link without an error yet, up to the limit at once.
// The links of one directory are done one after another, by one goroutine:
// the file system serialises the changes to a directory anyway, and
// goroutines on different directories work in parallel.
func (s *batchState) each(ctx context.Context, f func(*item)) {
	s.eachGroup(ctx, func(g int) {
		defer s.dirs[g].close()
		for _, i := range s.groups[g] {
			if ctx.Err() != nil {
				return
			}
			if l := s.links.at(i); l.err == nil {
				f(l)
			}
		}
	})
}

// eachGroup runs f on every group, up to the limit at once.
func (s *batchState) eachGroup(ctx context.Context, f func(g int)) {
	n := s.limit
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	n = min(n, len(s.groups))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				g := int(next.Add(1)) - 1
				if g >= len(s.groups) {
					return
				}
				f(g)
			}
		})
	}
	wg.Wait()
}

// newCall makes the call of the Add, for a step of Plan (dryRun) or Apply.
// Plan's dry run asks the directory's listing; Apply works in the directory
// by its descriptor and the bare name, which spares the kernel a walk of the
// whole path on each system call. free says that Plan found dst's name free.
func (l *item) newCall(dir *dirInfo, dryRun, free bool) call {
	var c call
	if dir != nil {
		c = dir.calls.newCall(l.src, l.dst, l.opts)
	} else {
		c = newCall(l.src, l.dst, l.opts)
	}
	c.result, c.wantResult, c.dryRun = l.res, true, dryRun
	c.parents, c.free = l.parents, free
	if c.rooted || dir == nil || parentDir(c.dst) != dir.path {
		return c
	}
	switch {
	case dryRun:
		dir.load()
		c.known = dir
	case free && dir.openFree() != nil:
		c.freeIn = dir.free // the rest, should the name be taken now, by path
	default:
		if r := dir.openRoot(); r != nil {
			c.at, c.name = r, c.dst[lastSep(c.dst)+1:]
		}
	}
	return c
}

// plan is the dry run of one link.
func (l *item) plan(dir *dirInfo) {
	c := l.newCall(dir, true, false)
	defer c.closeDir()
	op, err := c.prepare()
	if err == nil {
		op, err = c.foresee()
	}
	if err != nil {
		l.err = c.fail(op, err)
		*l.res = Result{}
		return
	}
	c.fillResult()
}
