package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/symlinkgo/symlink"
)

// createEach makes each link in a step of its own: when one fails, its
// error is printed and the others are still made. With --dry-run each is
// judged against the tree as it is, so one link that depends on another
// (the same LINK twice) is judged without it.
func (c *command) createEach(links []link, stdout, stderr io.Writer) int {
	status := 0
	for _, l := range links {
		var res symlink.Result
		opts := append(c.linkOptions(), symlink.WithResult(&res))
		if c.dryRun {
			opts = append(opts, symlink.WithDryRun())
		}
		if err := symlink.Create(l.target, l.path, opts...); err != nil {
			status = fail(stderr, err)
			continue
		}
		c.report(stdout, l.path, res)
	}
	return status
}

// createBatch runs --all-or-nothing: the links as one symlink.Batch, which
// checks them all before it makes any and undoes them all when one fails.
// With --dry-run it prints the Batch's plan. An interrupt (Ctrl-C) or
// SIGTERM while the links are made undoes them too.
func (c *command) createBatch(links []link, stdout, stderr io.Writer) int {
	var b symlink.Batch
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
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		results, err = b.Apply(ctx)
		stop()
	}
	for i, res := range results {
		if res.Action != 0 { // 0: this link failed the plan
			c.report(stdout, links[i].path, res)
		}
	}
	if err == nil {
		return 0
	}
	for _, e := range each(err) {
		fail(stderr, e)
	}
	return 1
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
