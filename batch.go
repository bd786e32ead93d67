package symlink

import (
	"context"
	"errors"
	"slices"
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
// With [Batch.SetJournal], a process killed during Apply is undone too, by
// [Recover] or the next Apply.
//
// Every option of [Create] works in a Batch, [WithinRoot] included.
// [WithResult] given to [Batch.Add] is filled when Apply succeeds;
// [WithDryRun] given to Add is an error ([ErrInvalid]): that is what Plan
// does.
type Batch struct {
	links   itemList
	limit   int
	journal string
}

// spec is one link of a Batch, as Add recorded it.
type spec struct {
	src, dst string
	opts     []Option
}

// itemList holds the links of a Batch in chunks of a fixed size, so that
// adding a hundred thousand never copies those already added.
type itemList struct {
	chunks [][]item
	n      int
}

const itemChunk = 1024

func (ls *itemList) add(a spec) {
	if ls.n%itemChunk == 0 {
		ls.chunks = append(ls.chunks, make([]item, 0, itemChunk))
	}
	last := &ls.chunks[len(ls.chunks)-1]
	*last = append(*last, item{spec: a})
	ls.n++
}

func (ls *itemList) at(i int) *item { return &ls.chunks[i/itemChunk][i%itemChunk] }

// Add records the link Create(src, dst, opts...) would make. Nothing happens
// until Plan or Apply.
func (b *Batch) Add(src, dst string, opts ...Option) {
	a := spec{src: src, dst: dst}
	if len(opts) > 0 {
		a.opts = slices.Clone(opts) // the caller may reuse the slice
	}
	b.links.add(a)
}

// SetLimit sets how many directories Plan and Apply work in at once, one
// goroutine each; n <= 0 (the default) means runtime.GOMAXPROCS(0). The
// links of one directory are made one after another, because the kernel
// serialises the changes to a directory anyway; links in different
// directories are made in parallel. The limit also bounds the files a Batch
// holds open, whatever its size: one descriptor for each directory it works
// in (up to three with [WithSync], which opens directories to flush them),
// and one for the journal.
func (b *Batch) SetLimit(n int) { b.limit = n }

// Plan makes a dry run of every link ([WithDryRun]) and returns one Result
// per Add, in Add order, with the Action each would have. It reports every
// conflict, not the first: the error is errors.Join of one [*Error] per
// failing link, each answering errors.Is as Create's would, and the
// failing link's Result has [NoAction]. Every Result names its link in Dst.
//
// Plan judges the links together: a missing directory that another Add's
// [WithParents] makes is no conflict (Apply makes it for both), while a dst
// given twice, a dst inside another Add's dst or backup name, a dst that is
// another Add's backup name, and two Adds whose backup names meet are each
// [ErrInvalid].
// Paths are compared absolute and cleaned as text, and then by the
// directory they name: d/f and alias/f, where alias is a link to d, are
// one dst, in a root too, and where the directory is still to be made
// (d/sub/f and alias/sub/f). (A dst inside another's dst or backup name
// through such a link is not found: Apply then fails, and undoes.)
// What a dry run cannot foresee is said at [WithDryRun]. With a journal
// ([Batch.SetJournal]) that records an Apply that was interrupted, Plan
// fails with [ErrBusy]: the next Apply recovers it first, which a dry run
// cannot foresee.
func (b *Batch) Plan() ([]Result, error) {
	if b.journal != "" {
		j, err := openJournal(b.journal, false)
		if err != nil {
			return nil, err
		}
		if j != nil {
			defer j.close()
			if j.sealed {
				return nil, j.fail(&reason{msg: "an Apply was interrupted, and this journal is still to be recovered: the next Apply recovers it first, which a dry run cannot foresee", kind: ErrBusy})
			}
		}
	}
	s := b.state()
	defer s.close()
	s.plan(context.Background())
	return s.results(), joinErrs(&s.links)
}

// Apply makes the links. It plans first (see [Batch.Plan]) and writes
// nothing if the plan fails; then it makes every link whose Action is not
// Unchanged, in up to the limit of directories at once, and returns the
// Results in Add order.
//
// If a link fails, or ctx is done, Apply undoes every change it made and
// returns nil Results and the error: the failed link's [*Error] (errors.As
// reaches the system's error, such as syscall.ENOSPC), or ctx's error. Links
// it created are removed; what it replaced is put back atomically from a
// hidden hard link made just before the replace, so that no dst is ever
// missing; backup names and parents it made are restored too. A name another
// program changed meanwhile is left as it is and reported, joined to the
// error, as an *Error with Op "undo"; what could not be put back stays under
// the hidden name that error gives, so that nothing is lost.
//
// The hidden copies are hard links. A link that cannot have one (a
// directory link or a junction on Windows, which hard-links neither; any
// link on a file system without hard links) is kept as a copy of the link
// instead: the same content and kind. Any other entry on a file system
// without hard links fails with [ErrUnsupported], and one that the system
// refuses to hard-link for another user (fs.protected_hardlinks; Windows'
// access denied), with [ErrPermission]. A process killed during Apply leaves the links made so
// far and, beside each dst it replaced, the only copy of what dst held, at
// ".symlink-ID-N.h" (its backup name's at ".b"; ID names the Apply, N the
// Add), until every link is made and Apply removes them (a temporary link
// of the replace may stay too, at ".t" or ".k": safe to remove); with
// [Batch.SetJournal], [Recover] or the next Apply undoes it all.
func (b *Batch) Apply(ctx context.Context) ([]Result, error) {
	var j *journal
	if b.journal != "" {
		var err error
		if j, err = openJournal(b.journal, true); err != nil {
			return nil, err
		}
		defer j.close()
		if err := j.recover(ctx, false); err != nil {
			return nil, err
		}
	}
	s := b.state()
	defer s.close()
	s.plan(ctx)
	if err := s.planned(ctx); err != nil {
		if j != nil {
			if rerr := j.remove(); rerr != nil {
				err = errors.Join(err, j.fail(rerr))
			}
		}
		return nil, err
	}
	if err := s.apply(ctx, j); err != nil {
		return nil, err
	}
	if j != nil {
		if err := j.remove(); err != nil {
			return nil, j.fail(err)
		}
	}
	s.fillUsers()
	return s.results(), nil
}

// planned is what went wrong in the plan: the errors of its links, or
// ctx's cause if it was done while planning (nothing is written then).
func (s *batchState) planned(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return joinErrs(&s.links)
}

// apply makes the planned links, recording them first in j if not nil.
// If one fails, or ctx is done, it undoes every change and removes j. Once
// every link is made, it commits j (a Recover keeps the links from then on),
// and removes the hidden copies; j stays, for the caller to remove when it
// is done.
func (s *batchState) apply(ctx context.Context, j *journal) error {
	if j != nil {
		if err := j.write(s); err != nil {
			return errors.Join(j.fail(err), j.end(true))
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s.each(ctx, func(l *item) {
		if l.err = l.apply(s.dirs[l.group], s.id); l.err != nil {
			cancel(l.err)
		}
	})
	err := joinErrs(&s.links)
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if err != nil {
		err = errors.Join(err, s.undo())
		if j != nil {
			if rerr := j.remove(); rerr != nil {
				err = errors.Join(err, j.fail(rerr))
			}
		}
		return err
	}
	if j != nil {
		// From here on a Recover keeps the links: it only removes the
		// hidden copies, as forget does.
		if err := j.commit(); err != nil {
			return errors.Join(j.fail(err), s.undo(), j.end(true))
		}
	}
	s.forget()
	return nil
}

// fillUsers fills the WithResult each Add was given, once all went well.
func (s *batchState) fillUsers() {
	for i := range s.links.n {
		if l := s.links.at(i); l.user != nil {
			*l.user = *l.res
		}
	}
}

// item is one Add as Plan and Apply work on it. It is kept small: a Batch
// may hold a hundred thousand of them.
type item struct {
	spec
	index int        // of the Add, in Add order
	res   *Result    // in batchState.res, which Plan and Apply return
	err   error      // an *Error
	user  *Result    // the WithResult given to Add
	undo  *undoState // what Apply did, once it has begun to change dst
	group int32      // index of dst's directory in batchState.groups
	// parents is WithParents, given or implied by another Add. created
	// says that Apply created the link where nothing was, and nothing
	// else: its undo is made from the item when needed (see createdUndo),
	// which spares a hundred thousand links their undo state.
	parents, created, createdInDir bool
}

// apply makes one link for real, after keeping what it replaces. id names
// the Apply (see tagOf).
func (l *item) apply(dir *dirInfo, id string) error {
	planned := l.res.Action
	if planned == Unchanged {
		return nil
	}
	u := undoState{c: l.newCall(dir, false, planned == Created)}
	c := &u.c
	u.inDir = c.at != nil
	c.batchID, c.batchIndex = id, l.index
	if op, err := c.prepare(); err != nil {
		c.closeDir()
		return c.fail(op, err)
	}
	// Whatever Plan saw, what is at dst when the link replaces it is kept
	// for the undo: a file another program put there since is put back too.
	err := c.commit(u.hide)
	// A call that opened dst's directory itself, for names too long as
	// paths, leaves the undo to find what it kept by path, as best it can.
	ownDir := c.closeAt && c.in == nil
	c.closeDir()
	if ownDir {
		u.byPath()
	}
	if err != nil && u.hidden == "" && u.hiddenBackup == "" {
		return err // a failed call takes back what it did itself: nothing is left to undo
	}
	if c.action == Created && c.in == nil && len(c.made) == 0 && !c.madeJunction && u.hidden == "" {
		l.created, l.createdInDir = true, u.inDir
	} else {
		kept := u
		l.undo = &kept
	}
	return err
}

// createdUndo is the undo of a link that Apply created where nothing was.
func (l *item) createdUndo() *undoState {
	u := &undoState{c: newCall(l.src, l.dst, l.opts), inDir: l.createdInDir}
	u.c.content, u.c.action = l.res.Content, Created
	if u.inDir {
		u.c.name = l.dst[lastSep(l.dst)+1:]
	}
	return u
}

// results are the Results, each naming its link (a failed link's too).
func (s *batchState) results() []Result {
	for i := range s.links.n {
		s.res[i].Dst = s.links.at(i).dst
	}
	return s.res
}

func joinErrs(links *itemList) error {
	var errs []error
	for i := range links.n {
		if l := links.at(i); l.err != nil {
			errs = append(errs, l.err)
		}
	}
	return errors.Join(errs...)
}
