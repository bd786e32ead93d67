package symlink

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Reconcile makes the links recorded in the ledger file equal to want (each
// link's path -> its content, the src of [Create]) and records them there
// for the next run. It returns one [Result] per path in want and in the old
// ledger, sorted by Dst: a path of want as given, a path of the ledger as
// recorded (absolute, or in the root with [WithinRoot]).
//
// A path in want that holds the content is Unchanged, and nothing is
// written; a missing one is Created; a link the ledger records that still
// holds what the ledger says is Replaced, without [WithReplace]: it is
// Reconcile's own. Anything else there (another program's file or link) is
// in the way, [ErrExist], unless WithReplace or [WithBackup] is given. The
// ledger records the links Reconcile made, and only those: a link that
// already held its content when a run first wanted it stays another's,
// Unchanged, and is never removed. A path the ledger records that want no
// longer names is Removed if it still holds what the ledger says (or is
// gone), with the parents [WithParents] made for the links once they are
// empty; if it was changed since (another content, a file, a directory) it
// is Disowned: left exactly as it is and no longer recorded, so that a
// later run that wants it again finds it in the way rather than silently
// taking it back. One that cannot be looked at (its directory unreadable)
// fails the run. The links no longer wanted are removed once the wanted
// ones are made (one that another leads through last). A wanted path whose
// way goes through a link that the run removes (a link to a directory,
// where want now names a path; or another program's link to it) would be
// made through it: that is a conflict, and the link no longer wanted must
// go in a run of its own first. A link no longer wanted at a wanted link's
// backup name is replaced by the backup, and Removed; one Disowned there is
// a conflict. A link Reconcile made that was changed since, and is wanted
// as it is now, is Unchanged and another's. A link is one link whatever path names it: want may name
// a recorded link through a link to its directory, or from another working
// directory, or (with [WithinRoot]) by its absolute path; it is then not
// removed, and the ledger records it by the new path (an old path through
// a link has a Result too, the same as the new one's).
//
// Every conflict is reported at once, joined, each an [*Error] naming its
// path, and then nothing is written: neither a link nor the ledger. The
// options of Create apply to every link; with WithinRoot the paths of want
// are in the root; [WithResult] does not apply ([ErrInvalid]). With
// [WithDryRun], the Results are those of the real run, and nothing is
// written; after a run that was interrupted, a dry run cannot foresee the
// recovery, and fails with [ErrBusy] until a real run has made it. A run
// that changes nothing writes nothing at all, not even the ledger; one that
// changes k links writes k links and replaces the ledger once, atomically,
// made durable (its new text is written at the ledger's path with ".new"
// added, then renamed over it).
//
// The links are made by a [Batch] whose journal is the ledger's path with
// ".journal" added: a Reconcile killed at any moment is undone, or kept and
// recorded if it had made every link, by the next Reconcile with the same
// ledger (or by [Recover] on the journal, which does not update the
// ledger). So is a run whose links were made but whose ledger could not be
// replaced: it returns the error, and keeps the journal for the next run. While one Reconcile uses a ledger, another fails at once with
// [ErrBusy], changing nothing. A damaged or foreign ledger, or one made for
// another root, is [ErrInvalid] and nothing changes; so is a path of want
// that is the ledger, its journal or its ".new" file, by any path to its
// directory, and a ledger that is not a regular file (a device, a FIFO).
// A ledger path that is a symbolic link reads and replaces the file the link
// resolves to, beside which the journal and the ".new" file are then made;
// the link stays, and no path of want may name it either. Errors are *Error, with Op "ledger" for
// the ledger's own.
func Reconcile(ctx context.Context, ledgerPath string, want map[string]string, opts ...Option) ([]Result, error) {
	r := reconcile{ctx: ctx, want: want, opts: opts, cfg: newCall("", "", opts)}
	if r.cfg.wantResult {
		return nil, ledgerFail(ledgerPath, &reason{msg: "Reconcile returns its Results: WithResult does not apply", kind: ErrInvalid})
	}
	if r.cfg.rooted && r.cfg.root == nil {
		return nil, ledgerFail(ledgerPath, &reason{msg: "WithinRoot of a nil root", kind: ErrInvalid})
	}
	if r.cfg.rooted {
		abs, err := filepath.Abs(r.cfg.root.Name())
		if err != nil {
			return nil, ledgerFail(ledgerPath, err)
		}
		r.root = abs
	}
	l, err := openLedger(ledgerPath, r.cfg.dryRun)
	if err != nil {
		return nil, ledgerFail(ledgerPath, err)
	}
	defer l.close()
	r.ledger = l
	// The ledger is parsed while the Batch plans: neither changes anything.
	parsed := make(chan error, 1)
	go func() { parsed <- l.parse() }()
	r.parsed = sync.OnceValue(func() error {
		if err := <-parsed; err != nil {
			return ledgerFail(ledgerPath, err)
		}
		if l.root != r.root && len(l.raw) > 0 {
			return ledgerFail(ledgerPath, &reason{msg: "the ledger records links in the root " + quote(l.root) + ", not in " + quote(r.root), kind: ErrInvalid})
		}
		return nil
	})
	res, err := r.run()
	if err != nil {
		if !r.cfg.dryRun {
			l.unmake()
		}
		return nil, err
	}
	return res, nil
}

// reconcile is one run of Reconcile.
type reconcile struct {
	ctx    context.Context
	want   map[string]string
	opts   []Option
	cfg    call // the options, applied
	root   string
	ledger *ledger
	parsed func() error // waits for the ledger to be parsed
	wd     string
	in     *inRoot           // the root, for resolving paths in it
	canon  map[string]string // directories (keys) with their links resolved
	// recordedByEntry is the ledger's keys by the entry each names (see
	// canonical), made when first needed.
	recordedByEntry map[string]string
	absent          map[string]bool     // links no longer wanted that are gone already
	met             map[string][]string // directories (keys) -> the links on their way (see linksOnTheWay)
	fsRoots         map[string]*os.Root // the volumes' roots, for linksOnTheWay
}

func (r *reconcile) run() ([]Result, error) {
	defer r.closeRoots()
	r.wd, _ = os.Getwd()
	if err := r.recover(); err != nil {
		return nil, err
	}
	paths := r.ordered()
	keys := make([]string, len(paths))
	var b Batch
	// Planned as with WithReplace, so that a link holding its content is
	// Unchanged and anything else there is found; what is there is then
	// judged here. The run's dry run is Reconcile's own.
	opts := append(slices.Clip(r.opts), noDryRun, WithReplace())
	for i, p := range paths {
		keys[i] = r.key(p)
		b.links.add(spec{src: r.want[p], dst: p, opts: opts}) // one slice for all: Add would copy it
	}
	s := b.state()
	defer s.close()
	s.own = []ownFile{
		{r.ledger.path, "the ledger"},
		{r.ledger.given, "the ledger's path"}, // a link to it: see openLedger
		{r.journalPath(), "the ledger's journal"},
		{r.ledger.tempPath(), "the file of the ledger's new text"},
	}
	s.plan(r.ctx)
	if err := r.parsed(); err != nil {
		return nil, err
	}
	// Something else in the way is a conflict, unless the caller asked for
	// it to be replaced, or it is Reconcile's own: a link the ledger records,
	// still holding what the ledger says.
	if !r.cfg.replace && !r.cfg.backup {
		for i := range s.links.n {
			l := s.links.at(i)
			if l.err != nil || l.res.Action != Replaced {
				continue
			}
			if k, ok := r.recordedAs(keys[i]); ok && r.holds(paths[i], r.ledger.links[k]) {
				continue
			}
			c := newCall(l.src, l.dst, nil)
			l.err, *l.res = c.fail(opSymlink, errWouldExist), Result{}
		}
	}
	planErr := s.planned(r.ctx)
	res := s.results()
	recorded := 0 // keys the ledger records with their content
	for i, k := range keys {
		if c, ok := r.ledger.links[k]; ok && c == res[i].Content {
			recorded++
		}
	}
	var gone []Result // the ledger's links that want no longer names
	var goneErr error
	if recorded < len(r.ledger.links) {
		gone, goneErr = r.gone(keys, res)
	}
	taken, crossErrs := r.acrossGone(s, keys, res, gone)
	if err := joinAll(append([]error{planErr, goneErr}, crossErrs...)...); err != nil {
		return nil, sortedErrs(err) // every conflict at once, and nothing written
	}
	changes := slices.ContainsFunc(res, func(x Result) bool { return x.Action != Unchanged })
	if r.cfg.dryRun {
		return r.sorted(res, gone), nil
	}
	if !changes && len(gone) == 0 && recorded == len(keys) && len(r.ledger.dirs) == 0 && len(r.ledger.raw) > 0 {
		return r.sorted(res, nil), nil // the ledger records it all already: nothing to write
	}

	// The links, through a Batch with a journal, which stays until the
	// ledger records what it made: a run killed now is undone, or kept
	// and recorded, by the next, and the links no longer wanted are still
	// there for it to remove.
	var j *journal
	if changes {
		var err error
		if j, err = openJournal(r.journalPath(), true); err != nil {
			return nil, err
		}
		defer j.close()
		if err := s.apply(r.ctx, j); err != nil {
			return nil, err
		}
	}

	// The links the ledger records: those this run makes, and those it
	// recorded already. A link that held its content before any run (a
	// user's own) stays another's, which Reconcile never removes.
	links := make(map[string]string, len(keys))
	for i, k := range keys {
		if res[i].Action != Unchanged {
			links[k] = res[i].Content
		} else if rk, ours := r.recordedAs(k); ours && sameContent(r.ledger.links[rk], res[i].Content) {
			links[k] = res[i].Content // still as Reconcile made it: a link changed since is another's
		}
	}
	// Then the links no longer wanted go; one that a wanted link's backup
	// took the place of is gone already.
	var errs []error
	for _, i := range r.removalOrder(gone, taken) {
		g := &gone[i]
		if err := r.remove(g.Dst, g.Content); err != nil {
			if errors.Is(err, ErrNotLink) {
				g.Action = Disowned // changed since the look
			} else {
				errs = append(errs, err)
				links[g.Dst] = g.Content // still recorded: the next run tries again
			}
		}
	}
	dirs := maps.Clone(r.ledger.dirs)
	for i := range s.links.n {
		if u := s.links.at(i).undo; u != nil {
			for _, d := range u.c.made {
				dirs[r.canonical(r.key(d))] = true
			}
		}
	}
	r.removeDirs(dirs, links)
	if r.ledger.records(r.root, links, dirs) {
		r.ledger.unmake()
	} else if err := r.ledger.save(encodeLedger(r.root, links, dirs, keys)); err != nil {
		// The journal, committed, stays: the next run records the links
		// this one made before it does anything else.
		return nil, errors.Join(append(errs, ledgerFail(r.ledger.path, err))...)
	}
	if j != nil {
		if err := j.remove(); err != nil {
			errs = append(errs, j.fail(err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s.fillUsers()
	return r.sorted(res, gone), nil
}

// ordered is want's paths directory by directory, the order a Batch
// groups fastest, the directories and the names in each sorted: the
// Results then need sorting only where a directory is inside another.
func (r *reconcile) ordered() []string {
	byDir := map[string][]string{}
	for p := range r.want {
		d := p[:lastSep(p)+1]
		byDir[d] = append(byDir[d], p)
	}
	dirs := slices.Sorted(maps.Keys(byDir))
	sortNames := func(d string) { slices.Sort(byDir[d]) } // one prefix: sorted by name
	if len(r.want) < 4096 {
		for _, d := range dirs {
			sortNames(d)
		}
	} else {
		// On all cores: a large tree's sort is most of the work before the
		// first look at a link.
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), len(dirs)) {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < len(dirs); i = int(next.Add(1)) - 1 {
					sortNames(dirs[i])
				}
			})
		}
		wg.Wait()
	}
	paths := make([]string, 0, len(r.want))
	for _, d := range dirs {
		paths = append(paths, byDir[d]...)
	}
	return paths
}

// recover ends what a Reconcile killed before it left in its journal: an
// Apply that had not made every link is undone, as if it had never run;
// one that had is kept, and its links recorded in the ledger (those that
// still hold what it made them hold). A dry run cannot recover, and says so.
func (r *reconcile) recover() error {
	j, err := openJournal(r.journalPath(), false)
	if err != nil || j == nil {
		return err
	}
	defer j.close()
	// Nothing is recovered for a ledger that is damaged or foreign.
	if err := r.parsed(); err != nil {
		return err
	}
	if !j.sealed {
		if r.cfg.dryRun {
			return nil // nothing was changed
		}
		return j.recover(r.ctx, true)
	}
	if r.cfg.dryRun {
		return ledgerFail(r.ledger.path, &reason{msg: "a Reconcile was interrupted, and its journal " + quote(j.path) + " is still to be recovered: run without WithDryRun", kind: ErrBusy})
	}
	if j.committed {
		if err := r.parsed(); err != nil {
			return err
		}
		links := maps.Clone(r.ledger.links)
		for _, l := range j.links {
			if r.holds(l.dst, l.content) {
				links[r.key(l.dst)] = l.content // as want's paths are recorded
			}
		}
		dirs := maps.Clone(r.ledger.dirs)
		for _, d := range j.dirs {
			if _, err := os.Lstat(joinPath(d.root, d.dir)); err == nil {
				dirs[r.canonical(r.key(d.dir))] = true // as run records them
			}
		}
		b := encodeLedger(r.root, links, dirs, nil)
		if err := r.ledger.save(b); err != nil {
			return ledgerFail(r.ledger.path, err)
		}
		r.ledger.links, r.ledger.dirs = links, dirs
	}
	return j.recover(r.ctx, true)
}

// journalPath is the journal of the ledger's Batch.
func (r *reconcile) journalPath() string { return r.ledger.path + ".journal" }

// key is path as the ledger records it: absolute and clean, or clean in
// the root.
func (r *reconcile) key(path string) string {
	if r.cfg.rooted {
		if isRooted(path) { // absolute in the root: recorded as in the root
			if rel, err := r.inRoot().local("link", path); err == nil {
				return filepath.Clean(trimSeps(rel))
			}
		}
		return filepath.Clean(path)
	}
	return filepath.Clean(absIn(r.wd, path))
}

// holds reports whether the link at path (a key) holds content.
func (r *reconcile) holds(path, content string) bool {
	l, err := Read(path, r.readOpts()...)
	return err == nil && sameContent(l.Content, content)
}

// readOpts are the options Read takes from the run's: the root.
func (r *reconcile) readOpts() []Option {
	if r.cfg.rooted {
		return []Option{WithinRoot(r.cfg.root)}
	}
	return nil
}

// removeOpts are the options Remove takes from the run's: the root, and
// WithSync.
func (r *reconcile) removeOpts() []Option {
	o := r.readOpts()
	if r.cfg.sync {
		o = append(o, WithSync())
	}
	return o
}

// joinAll joins errs, and the errors joined in each: one level of errors,
// for sortedErrs to sort.
func joinAll(errs ...error) error {
	var all []error
	for _, err := range errs {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			all = append(all, j.Unwrap()...)
		} else if err != nil {
			all = append(all, err)
		}
	}
	return errors.Join(all...)
}

// sortedErrs is the errors joined in err sorted by the link path they
// name, so that a run reports its conflicts in the same order every time.
func sortedErrs(err error) error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	errs := slices.Clone(j.Unwrap())
	dst := func(e error) string {
		var se *Error
		if errors.As(e, &se) {
			return se.Dst
		}
		return ""
	}
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(dst(a), dst(b)) })
	return errors.Join(errs...)
}

// sorted is every Result, sorted by Dst.
func (r *reconcile) sorted(res, gone []Result) []Result {
	byDst := func(a, b Result) int { return strings.Compare(a.Dst, b.Dst) }
	if len(gone) == 0 && slices.IsSortedFunc(res, byDst) {
		return res
	}
	all := slices.Concat(res, gone)
	slices.SortFunc(all, byDst)
	return all
}

// noDryRun takes WithDryRun away from the options a run passes to its
// Batch, which would refuse it.
var noDryRun Option = optionFunc(func(c config) config { c.dryRun = false; return c })

// ledgerFail is err as the ledger's *Error.
func ledgerFail(path string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Op: opLedger, Dst: path, Err: osCause(err)}
}
