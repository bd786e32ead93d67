package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"path/filepath"

	"github.com/symlinkgo/symlink"
)

// createEach makes each link in a step of its own: when one fails, its
// error is printed and the others are still made. With --dry-run each is
// judged against the tree as the links before it in the same command would
// have left it: a LINK given twice, or a LINK at an earlier link's backup
// name, is judged as the real run would find it.
func (c *command) createEach(links []link, stdout, stderr io.Writer) int {
	status := 0
	var made dryTree
	for _, l := range links {
		if err := c.checkExisting(l.path); err != nil {
			status = fail(stderr, err)
			continue
		}
		var res symlink.Result
		opts := append(c.linkOptions(), symlink.WithResult(&res))
		if c.dryRun {
			opts = append(opts, symlink.WithDryRun())
		}
		err := symlink.Create(l.target, l.path, opts...)
		if c.dryRun {
			res, err = made.judge(c, l, res, err)
		}
		if err != nil {
			status = fail(stderr, err)
			continue
		}
		c.report(stdout, l.path, res)
	}
	return status
}

// A dryTree is what the links judged so far by a dry run would have made:
// for each path (absolute), the content of the link there, or "" for a
// backup of something that was no link. A nil dryTree is empty.
type dryTree map[string]string

// judge corrects the dry run of l, made against the tree as it is (res,
// err), for what the links before it would have changed, and records what
// l would make.
func (t *dryTree) judge(c *command, l link, res symlink.Result, err error) (symlink.Result, error) {
	if *t == nil {
		*t = dryTree{}
	}
	key, kerr := filepath.Abs(l.path)
	if kerr != nil {
		return res, err
	}
	before, earlier := (*t)[key]
	if !earlier {
		if err == nil && res.Action != symlink.Unchanged {
			if res.Backup != "" {
				old, rerr := symlink.Read(l.path)
				t.set(res.Backup, old.Content, rerr == nil)
			}
			(*t)[key] = res.Content
		}
		return res, err
	}
	// An earlier link of this command is at l.path: the dry run against the
	// tree as it is cannot see it.
	if err != nil && !errors.Is(err, symlink.ErrExist) && !errors.Is(err, symlink.ErrNotLink) {
		return res, err // a fault of l itself (its target, its parents)
	}
	if !c.force && !c.backup {
		return symlink.Result{}, &symlink.Error{Op: "symlink", Src: l.target, Dst: l.path, Err: symlink.ErrExist}
	}
	if err != nil {
		return res, err
	}
	if before == res.Content {
		return symlink.Result{Action: symlink.Unchanged, Content: res.Content}, nil
	}
	res.Action, res.Backup = symlink.Replaced, ""
	if c.backup {
		res.Backup = l.path + c.suffix
		t.set(res.Backup, before, true)
	}
	(*t)[key] = res.Content
	return res, nil
}

// set records that path would hold a link with content (or, when link is
// false, something else).
func (t dryTree) set(path, content string, link bool) {
	key, err := filepath.Abs(path)
	if err != nil {
		return
	}
	if !link {
		content = ""
	}
	t[key] = content
}

// createBatch runs --all-or-nothing: the links as one symlink.Batch, which
// checks them all before it makes any and undoes them all when one fails.
// With --dry-run it prints the Batch's plan, or, when a link would be
// refused, only the errors: nothing would be made. An interrupt (Ctrl-C),
// SIGTERM, SIGHUP (the terminal closed) or SIGQUIT while the links are made
// undoes them too; with --journal, so does the next run after a SIGKILL or
// a crash.
func (c *command) createBatch(links []link, stdout, stderr io.Writer) int {
	status := 0
	for _, l := range links {
		if err := c.checkExisting(l.path); err != nil {
			status = fail(stderr, err)
		}
	}
	if status != 0 {
		return status // refused before anything is made
	}
	var b symlink.Batch
	b.SetJournal(c.journal)
	for _, l := range links {
		b.Add(l.target, l.path, c.linkOptions()...)
	}
	var (
		results []symlink.Result
		err     error
	)
	if c.dryRun {
		results, err = b.Plan()
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
		results, err = b.Apply(ctx)
		stop()
	}
	if err == nil {
		for i, res := range results {
			c.report(stdout, links[i].path, res)
		}
		return 0
	}
	// None is made: as a real run, a dry run prints only the errors.
	for _, e := range each(err) {
		fail(stderr, e)
	}
	return 1
}

// reconcile runs --ledger: symlink.Reconcile of the links named, with the
// options of the command. Each LINK is reported as a made link is; a link
// of the ledger that is removed or disowned as "removed 'LINK'" or
// "disowned 'LINK'" with -v, and as the others with --dry-run.
func (c *command) reconcile(links []link, stdout, stderr io.Writer) int {
	status := 0
	want := make(map[string]string, len(links))
	for _, l := range links {
		if err := c.checkExisting(l.path); err != nil {
			status = fail(stderr, err)
		}
		if _, twice := want[l.path]; twice {
			status = fail(stderr, &symlink.Error{Op: "symlink", Src: l.target, Dst: l.path,
				Err: fmt.Errorf("%w: the link path is given twice", symlink.ErrInvalid)})
		}
		want[l.path] = l.target
	}
	if status != 0 {
		return status // refused before anything is made
	}
	opts := c.linkOptions()
	if c.dryRun {
		opts = append(opts, symlink.WithDryRun())
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	results, err := symlink.Reconcile(ctx, c.ledger, want, opts...)
	stop()
	if err != nil {
		for _, e := range each(err) {
			fail(stderr, e)
		}
		return 1
	}
	for _, res := range results {
		switch res.Action {
		case symlink.Removed, symlink.Disowned:
			if c.dryRun {
				c.report(stdout, res.Dst, res) // 'LINK' -> 'CONTENT' (removed)
			} else if c.verbose {
				fmt.Fprintf(stdout, "%s %s\n", res.Action, shellQuote(res.Dst))
			}
		default:
			c.report(stdout, res.Dst, res)
		}
	}
	return 0
}

// each is the errors joined in err (by errors.Join, as a Batch reports
// every failing link), so that each gets a line of its own.
func each(err error) []error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var errs []error
	for _, e := range joined.Unwrap() {
		errs = append(errs, each(e)...)
	}
	return errs
}

func (c *command) linkOptions() []symlink.Option {
	var opts []symlink.Option
	add := func(on bool, o symlink.Option) {
		if on {
			opts = append(opts, o)
		}
	}
	add(c.force, symlink.WithReplace())
	add(c.backup, symlink.WithBackup(c.suffix))
	add(c.relative, symlink.WithRelative())
	add(c.parents, symlink.WithParents())
	add(c.mustExist, symlink.WithTargetMustExist())
	add(c.kind != symlink.KindAuto, symlink.WithKind(c.kind))
	add(c.sync, symlink.WithSync())
	return opts
}

// report prints what --verbose shows for a link made, as GNU ln does:
// "'LINK' -> 'CONTENT'", after "'BACKUP' ~ " when one was kept, where
// CONTENT is what the link holds (with -r, the path from its directory). A
// LINK that already held it is shown too, as made. With --dry-run the line
// is printed with or without -v, and ends in what would happen:
// " (created)", " (replaced)" or " (unchanged)".
func (c *command) report(w io.Writer, path string, res symlink.Result) {
	if !c.verbose && !c.dryRun {
		return
	}
	if res.Backup != "" {
		fmt.Fprintf(w, "%s ~ ", shellQuote(res.Backup))
	}
	fmt.Fprintf(w, "%s -> %s", shellQuote(path), shellQuote(res.Content))
	if c.dryRun {
		fmt.Fprintf(w, " (%s)", res.Action)
	}
	fmt.Fprintln(w)
}
