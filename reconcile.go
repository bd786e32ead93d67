package symlink

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
// in the way, [ErrExist], unless WithReplace or [WithBackup] is given. A
// path the ledger records that want no longer names is Removed if it still
// holds what the ledger says (or is gone), with the parents [WithParents]
// made for the links once they are empty; if it was changed since (another
// content, a file, a directory) it is Disowned: left exactly as it is and
// no longer recorded, so that a later run that wants it again finds it in
// the way rather than silently taking it back.
//
// Every conflict is reported at once, joined, each an [*Error] naming its
// path, and then nothing is written: neither a link nor the ledger. The
// options of Create apply to every link; with WithinRoot the paths of want
// are in the root. With [WithDryRun], the Results are those of the real
// run, and nothing is written. A run that changes nothing writes nothing at
// all, not even the ledger; one that changes k links writes k links and
// replaces the ledger once, atomically, made durable.
//
// The links are made by a [Batch] whose journal is the ledger's path with
// ".journal" added: a Reconcile killed at any moment is undone, or kept and
// recorded if it had made every link, by the next Reconcile with the same
// ledger (or by [Recover] on the journal, which does not update the
// ledger). While one Reconcile uses a ledger, another fails at once with
// [ErrBusy], changing nothing. A damaged or foreign ledger, or one made for
// another root, is [ErrInvalid] and nothing changes. Errors are *Error,
// with Op "ledger" for the ledger's own.
func Reconcile(ctx context.Context, ledgerPath string, want map[string]string, opts ...Option) ([]Result, error) {
	r := reconcile{ctx: ctx, want: want, opts: opts, cfg: newCall("", "", opts)}
	if r.cfg.wantResult {
		return nil, ledgerFail(ledgerPath, &reason{msg: "Reconcile returns its Results: WithResult does not apply", kind: ErrInvalid})
	}
	if r.cfg.rooted && r.cfg.root != nil {
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
	if l.root != r.root && len(l.raw) > 0 {
		return nil, ledgerFail(ledgerPath, &reason{msg: "the ledger records links in the root " + quote(l.root) + ", not in " + quote(r.root), kind: ErrInvalid})
	}
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
	wd     string
}

func (r *reconcile) run() ([]Result, error) {
	r.wd, _ = os.Getwd()
	if err := r.recover(); err != nil {
		return nil, err
	}
	// The Batch of want, in the order of its keys, so that its errors come
	// in a stable order; each path as the ledger records it.
	paths := slices.Sorted(maps.Keys(r.want))
	keys := make([]string, len(paths))
	var b Batch
	opts := append(slices.Clip(r.opts), noDryRun) // the run's dry run is Reconcile's own
	for i, p := range paths {
		keys[i] = r.key(p)
		b.Add(r.want[p], p, opts...)
	}
	s := b.state()
	defer s.close()
	s.plan(r.ctx)
	// A link in the way that the ledger records, holding what the ledger
	// says, is Reconcile's own: planned again, to be replaced.
	for i := range s.links.n {
		l := s.links.at(i)
		recorded, ours := r.ledger.links[keys[i]]
		if !ours || l.err == nil || !errors.Is(l.err, ErrExist) || errors.Is(l.err, ErrIsDir) || !r.holds(paths[i], recorded) {
			continue
		}
		l.opts = append(slices.Clip(l.opts), WithReplace())
		l.err, *l.res = nil, Result{}
		l.plan(s.dirs[l.group])
		s.dirs[l.group].close()
	}
	if err := s.planned(r.ctx); err != nil {
		return nil, err
	}
	wanted := make(map[string]bool, len(keys))
	for _, k := range keys {
		wanted[k] = true
	}
	res := s.results()
	var gone []Result // the ledger's links that want no longer names
	for _, k := range slices.Sorted(maps.Keys(r.ledger.links)) {
		if !wanted[k] {
			gone = append(gone, Result{Dst: k, Action: r.planGone(k), Content: r.ledger.links[k]})
		}
	}
	changes := slices.ContainsFunc(res, func(x Result) bool { return x.Action != Unchanged })
	if r.cfg.dryRun {
		return r.sorted(res, gone), nil
	}

	// The links, through a Batch with a journal, which stays until the
	// ledger records what it made.
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
	links := make(map[string]string, len(keys))
	for i, k := range keys {
		links[k] = res[i].Content
	}
	dirs := maps.Clone(r.ledger.dirs)
	for i := range s.links.n {
		if u := s.links.at(i).undo; u != nil {
			for _, d := range u.c.made {
				dirs[r.key(d)] = true
			}
		}
	}
	var errs []error
	for i := range gone {
		g := &gone[i]
		if g.Action == Removed {
			if err := r.remove(g.Dst, g.Content); err != nil {
				if errors.Is(err, ErrNotLink) {
					g.Action = Disowned // changed since the look
				} else {
					errs = append(errs, err)
					links[g.Dst] = g.Content // still recorded: the next run tries again
				}
			}
		}
	}
	r.removeDirs(dirs, links)
	b2 := encodeLedger(r.root, links, dirs)
	if !bytes.Equal(b2, r.ledger.raw) {
		if err := r.ledger.save(b2); err != nil {
			errs = append(errs, ledgerFail(r.ledger.path, err))
		}
	} else {
		r.ledger.unmake()
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
		links := maps.Clone(r.ledger.links)
		for _, l := range j.links {
			k := l.dst
			if l.root != "" {
				k = filepath.Clean(l.dst)
			}
			if r.holds(l.dst, l.content) {
				links[k] = l.content
			}
		}
		dirs := maps.Clone(r.ledger.dirs)
		for _, d := range j.dirs {
			if _, err := os.Lstat(joinPath(d.root, d.dir)); err == nil {
				dirs[r.key(d.dir)] = true
			}
		}
		b := encodeLedger(r.root, links, dirs)
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
	if r.root != "" {
		return filepath.Clean(path)
	}
	return filepath.Clean(absIn(r.wd, path))
}

// holds reports whether the link at path (a key) holds content.
func (r *reconcile) holds(path, content string) bool {
	l, err := Read(path, r.rootOpts()...)
	return err == nil && sameContent(l.Content, content)
}

// rootOpts are the options Read and Remove take from the run's: the root,
// and WithSync.
func (r *reconcile) rootOpts() []Option {
	var o []Option
	if r.cfg.rooted {
		o = append(o, WithinRoot(r.cfg.root))
	}
	if r.cfg.sync {
		o = append(o, WithSync())
	}
	return o
}

// planGone is what becomes of a link the ledger records and want no longer
// names: Removed while it holds what the ledger says, or is gone; Disowned
// once anything else is there.
func (r *reconcile) planGone(k string) Action {
	l, err := Read(k, r.rootOpts()...)
	switch {
	case errors.Is(err, ErrNotExist):
		return Removed
	case err == nil && sameContent(l.Content, r.ledger.links[k]):
		return Removed
	}
	return Disowned
}

// remove removes the link at k if it still holds content; one already gone
// is no error.
func (r *reconcile) remove(k, content string) error {
	err := Remove(content, k, r.rootOpts()...)
	if errors.Is(err, ErrNotExist) {
		return nil
	}
	return err
}

// removeDirs removes the parents Reconcile made that no wanted link needs
// and that are empty, the deepest first, and forgets them; a parent that
// holds anything else stays, and stays recorded.
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
		var err error
		if r.cfg.rooted {
			err = r.cfg.root.Remove(d)
		} else {
			err = os.Remove(d)
		}
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			delete(dirs, d)
		}
	}
}

// sorted is every Result, sorted by Dst.
func (r *reconcile) sorted(res, gone []Result) []Result {
	all := append(slices.Clone(res), gone...)
	slices.SortStableFunc(all, func(a, b Result) int { return strings.Compare(a.Dst, b.Dst) })
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
