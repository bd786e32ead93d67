package symlink

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Batch makes many links as one change: a dotfile manager linking a
// hundred files into a home directory, a package manager laying out a store,
// a build tool making a symlink forest. Its zero value is ready to use; it
// is not safe for concurrent use by several goroutines.
//
// [Batch.Plan] checks every link first and reports every conflict at once,
// as GNU Stow does. [Batch.Apply] plans, writes nothing if the plan fails,
// then makes the links concurrently and, should one fail or the context be
// done, undoes every change it made, so that the tree is left as it was.
//
// Every option of [Create] works in a Batch, [WithinRoot] included.
// [WithResult] given to [Batch.Add] is filled when Apply succeeds;
// [WithDryRun] given to Add is an error ([ErrInvalid]): that is what Plan
// does.
type Batch struct {
	links linkList
	limit int
}

// add is one link of a Batch, as Add recorded it.
type add struct {
	src, dst string
	opts     []Option
}

// linkList holds the links of a Batch in chunks of a fixed size, so that
// adding a hundred thousand never copies those already added.
type linkList struct {
	chunks [][]link
	n      int
}

const linkChunk = 1024

func (ls *linkList) add(a add) {
	if ls.n%linkChunk == 0 {
		ls.chunks = append(ls.chunks, make([]link, 0, linkChunk))
	}
	last := &ls.chunks[len(ls.chunks)-1]
	*last = append(*last, link{add: a})
	ls.n++
}

func (ls *linkList) at(i int) *link { return &ls.chunks[i/linkChunk][i%linkChunk] }

// Add records the link Create(src, dst, opts...) would make. Nothing happens
// until Plan or Apply.
func (b *Batch) Add(src, dst string, opts ...Option) {
	a := add{src: src, dst: dst}
	if len(opts) > 0 {
		a.opts = slices.Clone(opts) // the caller may reuse the slice
	}
	b.links.add(a)
}

// SetLimit sets how many directories Plan and Apply work in at once, one
// goroutine each; n <= 0 (the default) means runtime.GOMAXPROCS(0). The
// links of one directory are made one after another, because the kernel
// serialises the changes to a directory anyway; links in different
// directories are made in parallel.
func (b *Batch) SetLimit(n int) { b.limit = n }

// Plan makes a dry run of every link ([WithDryRun]) and returns one Result
// per Add, in Add order, with the Action each would have. It reports every
// conflict, not the first: the error is errors.Join of one [*Error] per
// failing link, each answering errors.Is as Create's would, and the
// failing link's Result has [NoAction]. Every Result names its link in Dst.
//
// Plan judges the links together: a missing directory that another Add's
// [WithParents] makes is no conflict (Apply makes it for both), while a dst
// given twice, a dst inside another Add's dst, a dst that is another Add's
// backup name, and two Adds whose backup names meet are each [ErrInvalid].
// Paths are compared absolute and cleaned as text, and then by the
// directory they name: d/f and alias/f, where alias is a link to d, are
// one dst. (A dst inside another's through such a link is not found.)
//
// Plan opens each directory of a dst once and works in it by descriptor.
// A dst of WithReplace or WithBackup is read as a link: one read says
// whether it is right, another link, missing or something else. The first
// time a name must be looked up instead (it is missing or not a link, or
// the Add has neither option), the directory is listed, once, and the
// listing answers for the rest: on a tree of new links Plan costs a few
// system calls per directory, on a tree made before one per link. What a
// dry run cannot foresee is said at [WithDryRun].
func (b *Batch) Plan() ([]Result, error) {
	s := b.state()
	defer s.close()
	s.plan()
	return results(&s.links), joinErrs(&s.links)
}

// Apply makes the links. It plans first (see [Batch.Plan]) and writes
// nothing if the plan fails. Then it makes every link whose Action is not
// Unchanged, working in up to the limit of directories at once; Unchanged
// links are not touched at all. It returns the Results in Add order.
//
// If a link fails, or ctx is done, Apply stops and undoes every change it
// made: links it created are removed, links and files it replaced are put
// back atomically from hidden hard links made just before the replace (of
// what was at dst then, whatever Plan saw), so that no dst is ever
// missing, during Apply or during the undo; backup names and parents it
// made are restored too. It then returns nil Results and the error: the
// failed link's [*Error] (errors.As reaches the system's error, such as
// syscall.ENOSPC), or ctx's error (errors.Is(err, context.Canceled)).
//
// The undo changes a dst only while it still holds the link Apply made
// there (and its backup name what Apply put there): a name another program
// changed meanwhile is left as that program left it. (The look and the
// change are two system calls: a change made between them is undone, as
// with [Remove].) Each such path is reported, joined to the error, as an
// *Error with Op "undo"; when what it replaced could not be put back, its
// message gives the hidden name where that is kept, which Apply then leaves
// in place, so that nothing that was there before is lost.
//
// The hidden copies need hard links: where the file system has none, a
// Batch that replaces something fails with [ErrUnsupported], and where
// the system refuses a hard link to another user's file (Linux's
// fs.protected_hardlinks), with [ErrPermission]; either way it undoes,
// rather than make a change it could not take back. A crash of the
// process during Apply cannot be undone: it leaves the links made so far
// and, beside each replaced dst, a hidden name starting with ".symlink-"
// that holds the old one; those may be removed.
func (b *Batch) Apply(ctx context.Context) ([]Result, error) {
	s := b.state()
	defer s.close()
	s.plan()
	if err := joinErrs(&s.links); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s.each(ctx, func(l *link) {
		if l.err = l.apply(s.dirs[l.group]); l.err != nil {
			cancel(l.err)
		}
	})
	err := joinErrs(&s.links)
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if err != nil {
		return nil, errors.Join(err, s.undo())
	}
	forget(&s.links)
	for i := range s.links.n {
		if l := s.links.at(i); l.user != nil {
			*l.user = l.res
		}
	}
	return results(&s.links), nil
}

// batchState is one Plan or Apply of a Batch: its links, grouped by the
// directory of their dst.
type batchState struct {
	links  linkList   // the Batch's: Plan and Apply reset what they use
	groups [][]int    // indexes into links, one slice per directory
	dirs   []*dirInfo // each group's directory, as Plan found it
	limit  int
}

// close closes the directories Plan opened.
func (s *batchState) close() {
	for _, d := range s.dirs {
		if d.root != nil {
			d.root.Close()
		}
		if d.file != nil {
			d.file.Close()
		}
	}
}

// plan makes the dry run of every link without an error yet.
func (s *batchState) plan() {
	s.each(context.Background(), func(l *link) { l.plan(s.dirs[l.group]) })
	s.refuseAliases()
}

// refuseAliases finds the directories that Plan opened under two paths (one
// reached through a link) and refuses the Adds whose names meet there, as
// state does within one path: a dst given twice, a dst at another Add's
// backup name, and backup names that meet.
func (s *batchState) refuseAliases() {
	byKey := map[[2]uint64]int{} // a directory's file key -> its first group
	var firsts []int             // the first group of each directory, where keys are unknown
	same := map[int][]int{}      // a directory's first group -> its other groups
	for g, d := range s.dirs {
		if d.stat == nil {
			continue
		}
		first := -1
		if k, ok := fileKey(d.stat); ok {
			if f, seen := byKey[k]; seen {
				first = f
			} else {
				byKey[k] = g
			}
		} else {
			for _, f := range firsts {
				if os.SameFile(s.dirs[f].stat, d.stat) {
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

// refuseMeeting refuses the Adds of groups (one directory under several
// paths) whose names meet in groups other than their own.
func (s *batchState) refuseMeeting(groups []int) {
	type use struct{ link, group int }
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
			l := s.links.at(u.link)
			c := newCall(l.src, l.dst, nil)
			l.err = c.fail(opSymlink, &reason{msg: why + " in the Batch, through another path to its directory", kind: ErrInvalid})
			l.res = Result{}
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

// link is one Add as Plan and Apply work on it. It is kept small: a Batch
// may hold a hundred thousand of them.
type link struct {
	add
	parents bool // WithParents, given or implied by another Add
	group   int  // index of dst's directory in batchState.groups
	res     Result
	err     error      // an *Error
	user    *Result    // the WithResult given to Add
	undo    *undoState // what Apply did, once it has begun to change dst
}

// undoState is what the undo of one link needs: the call that made the
// change, and the hidden hard links of what it replaced.
type undoState struct {
	c            call
	hidden       string // a hard link of the old dst
	hiddenBackup string // a hard link of the old backup
	kept         bool   // the undo failed: the hidden links stay for the user
}

// state readies the Batch's links for one Plan or Apply, and finds what is
// wrong with them together: duplicates, and parents another Add makes.
func (b *Batch) state() *batchState {
	s := &batchState{links: b.links, limit: b.limit}
	wd, _ := os.Getwd()
	// What the Batch knows of each directory of a dst (clean, absolute).
	type dirDsts struct {
		dir     string
		names   map[string]int // base names of dsts -> how many Adds have it
		backups map[string]int // base names of backups -> how many Adds keep one there
	}
	var dirs []dirDsts
	groups := map[string]int{} // directory -> index in dirs and s.groups
	makes := map[string]bool{} // directories some Add's WithParents makes
	bases := make([]string, b.links.n)
	var backupOf map[int]string // Adds with WithBackup -> the base name of their backup
	last := -1                  // the group of the Add before: Adds come directory by directory
	for i := range s.links.n {
		l := s.links.at(i)
		*l = link{add: l.add} // what an earlier Plan or Apply left goes
		a := l.add
		c := newCall(a.src, a.dst, a.opts)
		l.user, l.parents = c.result, c.parents
		switch {
		case c.dryRun:
			l.err = c.fail(opSymlink, &reason{msg: "WithDryRun in a Batch: use Plan", kind: ErrInvalid})
		case c.wantResult && c.result == nil:
			l.err = c.fail(opSymlink, &reason{msg: "WithResult of a nil *Result", kind: ErrInvalid})
		}
		key := batchKey(&c, wd)
		dir, base := splitPath(key) // key is clean: no need to clean again
		g := last
		if g < 0 || dirs[g].dir != dir {
			var ok bool
			if g, ok = groups[dir]; !ok {
				g = len(dirs)
				groups[dir] = g
				dirs = append(dirs, dirDsts{dir: dir, names: map[string]int{}})
				s.groups = append(s.groups, nil)
				s.dirs = append(s.dirs, &dirInfo{path: parentDir(a.dst)})
			}
		}
		last = g
		s.groups[g] = append(s.groups[g], i)
		l.group, bases[i] = g, base
		dirs[g].names[base]++
		if c.backup {
			if dirs[g].backups == nil {
				dirs[g].backups = map[string]int{}
			}
			if backupOf == nil {
				backupOf = map[int]string{}
			}
			dirs[g].backups[base+c.suffix]++
			backupOf[i] = base + c.suffix
		}
		if c.parents {
			for d := dir; !makes[d]; d = parentDir(d) {
				makes[d] = true
			}
		}
	}
	// A dst is inside another when a directory above it is a dst: the
	// same for all the dsts of a directory, so found once per directory.
	inside := make([]string, len(dirs))
	for g := range dirs {
		for d := dirs[g].dir; d != parentDir(d); d = parentDir(d) {
			up, name := splitPath(d)
			if u, ok := groups[up]; ok && dirs[u].names[name] > 0 {
				inside[g] = d
				break
			}
		}
	}
	for i := range s.links.n {
		l := s.links.at(i)
		if l.err != nil {
			continue
		}
		d := &dirs[l.group]
		var why string
		switch {
		case d.names[bases[i]] > 1:
			why = "the same link path is given twice"
		case d.backups[bases[i]] > 0:
			why = "the link path is another link's backup name"
		case inside[l.group] != "":
			why = "the link path is inside another link's path " + quote(inside[l.group])
		case d.backups[backupOf[i]] > 1:
			why = "the link's backup name " + quote(backupOf[i]) + " is another link's backup name too"
		}
		if why != "" {
			c := newCall(l.src, l.dst, nil)
			l.err = c.fail(opSymlink, &reason{msg: why + " in the Batch", kind: ErrInvalid})
		}
		if makes[d.dir] {
			// Made by another Add: this one may make it too.
			l.parents = true
		}
	}
	return s
}

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
func (s *batchState) each(ctx context.Context, f func(*link)) {
	s.eachGroup(ctx, func(g int) {
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

// newCall makes the call of the Add, for a step of Plan or Apply. A link
// whose directory Plan opened works through it by the bare name, which
// spares the kernel a walk of the whole path on each system call.
func (l *link) newCall(dir *dirInfo) call {
	c := newCall(l.src, l.dst, l.opts)
	c.result, c.wantResult, c.dryRun = &l.res, true, false
	c.parents = l.parents
	if !c.rooted && dir != nil && parentDir(c.dst) == dir.path {
		if dir.load(); dir.root != nil {
			c.at, c.name = dir.root, c.dst[lastSep(c.dst)+1:]
			c.listed = dir
		}
	}
	return c
}

// plan is the dry run of one link.
func (l *link) plan(dir *dirInfo) {
	c := l.newCall(dir)
	c.dryRun = true
	defer c.closeDir()
	op, err := c.prepare()
	if err == nil {
		op, err = c.foresee()
	}
	if err != nil {
		l.err = c.fail(op, err)
		l.res = Result{}
		return
	}
	c.fillResult()
}

// apply makes one link for real, after keeping what it replaces.
func (l *link) apply(dir *dirInfo) error {
	planned := l.res.Action
	if planned == Unchanged {
		return nil
	}
	u := &undoState{c: l.newCall(dir)}
	c := &u.c
	c.listed = nil // Apply looks for itself
	defer c.closeDir()
	if op, err := c.prepare(); err != nil {
		return c.fail(op, err)
	}
	l.undo = u
	// Whatever Plan saw, what is at dst when the link replaces it is kept
	// for the undo: a file another program put there since is put back too.
	c.keep = u.hide
	return c.commit()
}

// hide makes the hidden hard links the undo puts back: of dst, and of the
// backup name that WithBackup will replace. It is called by the replace,
// with dst's directory open under WithinRoot, once dst is found to be there.
func (u *undoState) hide() error {
	c := &u.c
	for _, h := range []string{u.hidden, u.hiddenBackup} {
		if h != "" { // kept by a try that did not replace: keep anew
			c.removeAt(h)
		}
	}
	u.hidden, u.hiddenBackup = "", ""
	keep := func(name string) (string, error) {
		tmp, err := createTemp(c.tempDir(), func(tmp string) error { return c.hardLinkAt(name, tmp) })
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", nil // nothing there: nothing to keep
		case err != nil && noHardLinks(osCause(err)) && !c.ownsDst():
			// Linux's fs.protected_hardlinks: no sign that the file
			// system lacks hard links.
			return "", &reason{
				msg:   "the system refuses a hard link to another user's " + quote(c.joinDir(name)) + ", which the Batch needs to undo replacing it: " + osCause(err).Error(),
				kind:  ErrPermission,
				cause: osCause(err),
			}
		case err != nil && noHardLinks(osCause(err)):
			return "", &reason{
				msg:   "the file system cannot make the hard link that would let the Batch undo replacing " + quote(c.joinDir(name)) + ": " + osCause(err).Error(),
				kind:  ErrUnsupported,
				cause: osCause(err),
			}
		}
		return tmp, err
	}
	var err error
	if u.hidden, err = keep(c.name); err != nil {
		return err
	}
	if c.backup {
		u.hiddenBackup, err = keep(c.name + c.suffix)
	}
	return err
}

// undo takes back what Apply did, links first (the directories in
// parallel, as Apply made them), then the parents it made, and returns one
// *Error with Op "undo" for each path it could not put back.
func (s *batchState) undo() error {
	var mu sync.Mutex
	var errs []error
	s.eachGroup(context.Background(), func(g int) {
		for _, i := range s.groups[g] {
			u := s.links.at(i).undo
			if u == nil {
				continue
			}
			c := &u.c
			if err := c.withDir(u.restore); err != nil {
				err = u.keepHidden(osCause(err))
				mu.Lock()
				errs = append(errs, &Error{Op: opUndo, Src: c.src, Dst: c.dst, Err: err})
				mu.Unlock()
			}
		}
	})
	type madeDir struct {
		c   *call
		dir string
	}
	var made []madeDir
	for i := range s.links.n {
		if u := s.links.at(i).undo; u != nil {
			for _, d := range u.c.made {
				made = append(made, madeDir{&u.c, d})
			}
			u.c.made = nil
		}
	}
	// The deepest first: a parent is empty only once its children are gone.
	depth := func(p string) int { return strings.Count(filepath.ToSlash(p), "/") }
	slices.SortFunc(made, func(a, b madeDir) int { return depth(b.dir) - depth(a.dir) })
	for _, m := range made {
		m.c.removeDirs([]string{m.dir})
	}
	forget(&s.links)
	return errors.Join(errs...)
}

// restore puts dst (and its backup name) back as they were before apply.
// It changes nothing unless both still hold what Apply put there: a name
// another program changed since is left as that program left it.
func (u *undoState) restore() error {
	c := &u.c
	if c.action != Created && c.action != Replaced {
		return nil
	}
	if same, _ := c.holdsContent(c.name); !same {
		return errors.New("the link was changed by another program; left as it is")
	}
	backup := c.name + c.suffix
	if c.backedUp && !u.holdsOldDst(backup) {
		return errors.New("the backup " + quote(c.joinDir(backup)) + " was changed by another program; left as it is")
	}
	if u.hidden == "" {
		// Nothing was there to replace (created, or gone before the
		// replace): the link goes.
		if err := c.removeAt(c.name); err != nil {
			return err
		}
	} else {
		if err := c.renameAt(u.hidden, c.name); err != nil {
			return err
		}
		u.hidden = ""
	}
	if !c.backedUp {
		return nil
	}
	if u.hiddenBackup != "" {
		if err := c.renameAt(u.hiddenBackup, backup); err != nil {
			return err
		}
		u.hiddenBackup = ""
		return nil
	}
	return c.removeAt(backup)
}

// holdsOldDst reports whether the backup name still holds what dst was
// before Apply: the file hidden as u.hidden, of which keepBackup made it a
// hard link.
func (u *undoState) holdsOldDst(backup string) bool {
	c := &u.c
	if u.hidden == "" {
		return false
	}
	bi, err := c.lstatAt(backup)
	if err != nil {
		return false
	}
	hi, err := c.lstatAt(u.hidden)
	return err == nil && os.SameFile(bi, hi)
}

// keepHidden is err, the failure to undo one link, saying where the hidden
// copies of what the link replaced are kept: they are not removed, so
// that nothing that was there before Apply is lost.
func (u *undoState) keepHidden(err error) error {
	var names []string
	for _, h := range []string{u.hidden, u.hiddenBackup} {
		if h != "" {
			names = append(names, quote(u.c.joinDir(h)))
		}
	}
	if len(names) == 0 {
		return err
	}
	u.kept = true
	return restate(err, func(text string) string {
		return text + "; what was there before is kept at " + strings.Join(names, " and ")
	})
}

// forget removes the hidden hard links that are still there, but those an
// undo that failed keeps for the user.
func forget(links *linkList) {
	for i := range links.n {
		u := links.at(i).undo
		if u == nil || u.kept || u.hidden == "" && u.hiddenBackup == "" {
			continue
		}
		u.c.withDir(func() error {
			for _, h := range []string{u.hidden, u.hiddenBackup} {
				if h != "" {
					u.c.removeAt(h)
				}
			}
			return nil
		})
		u.hidden, u.hiddenBackup = "", ""
	}
}

func results(links *linkList) []Result {
	r := make([]Result, links.n)
	for i := range links.n {
		l := links.at(i)
		r[i] = l.res
		r[i].Dst = l.dst // a failed link's too
	}
	return r
}

func joinErrs(links *linkList) error {
	var errs []error
	for i := range links.n {
		if l := links.at(i); l.err != nil {
			errs = append(errs, l.err)
		}
	}
	return errors.Join(errs...)
}

// dirInfo is one directory as Plan found it: opened once, and listed (its
// entries and their types) the first time a name in it must be looked up
// rather than read as a link. A directory whose dsts are all links already
// (a Batch applied again) is never listed: reading each link is the one
// call its plan needs, where a listing would come on top. Both are done by
// the one goroutine that plans the directory's links.
type dirInfo struct {
	path     string
	once     sync.Once
	file     *os.File    // the directory, opened for listing and reading links
	root     *os.Root    // the directory, opened; nil if it could not be
	stat     fs.FileInfo // of file
	statErr  error
	writable error
	listOnce sync.Once
	names    map[string]fs.FileMode // nil until listed, or if it could not be
}

// load opens the directory.
func (d *dirInfo) load() {
	d.once.Do(func() {
		f, err := os.Open(d.path)
		if err != nil {
			d.statErr = err
			return
		}
		if d.stat, d.statErr = f.Stat(); d.statErr != nil {
			f.Close()
			return
		}
		d.file = f
		d.writable = writableDir(f, ".")
		if r, err := os.OpenRoot(d.path); err == nil {
			if ri, err := r.Stat("."); err == nil && os.SameFile(ri, d.stat) {
				d.root = r
			} else {
				r.Close() // replaced meanwhile: keep to paths
			}
		}
	})
}

// list lists the opened directory, once.
func (d *dirInfo) list() {
	d.listOnce.Do(func() {
		if d.load(); d.file == nil {
			return
		}
		entries, err := d.file.ReadDir(-1)
		if err != nil {
			return
		}
		d.names = make(map[string]fs.FileMode, len(entries))
		for _, e := range entries {
			d.names[e.Name()] = e.Type()
		}
	})
}

// lookup reports what the listing says of the name at path: its type, or
// known false when the listing cannot answer (the directory could not be
// listed, or path is not in it). A name missing from the listing is
// fs.ErrNotExist. The directory is listed first if it was not yet and
// list is true; otherwise a listing not made yet cannot answer.
func (d *dirInfo) lookup(path string, list bool) (mode fs.FileMode, known bool, err error) {
	if d == nil {
		return 0, false, nil
	}
	i := lastSep(path)
	if i >= 0 && parentDir(path) != d.path {
		return 0, false, nil // a bare name is one in d, opened as c.at
	}
	if list {
		d.list()
	}
	if d.names == nil {
		return 0, false, nil
	}
	mode, ok := d.names[path[i+1:]]
	if !ok {
		return 0, true, &fs.PathError{Op: "lstat", Path: path, Err: fs.ErrNotExist}
	}
	return mode, true, nil
}
