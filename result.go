package symlink

import "strconv"

// Action is what Create did to dst, or would do with [WithDryRun].
type Action uint8

const (
	// NoAction, the zero Action, is that of a Result no call has filled:
	// the Result of a link that failed in [Batch.Plan], say.
	NoAction Action = iota
	// Created: nothing was at dst; the link was made.
	Created
	// Replaced: a link or file at dst was replaced ([WithReplace]).
	Replaced
	// Unchanged: dst already held the content, so nothing was written.
	Unchanged
)

// String returns "none", "created", "replaced" or "unchanged"; any other
// value prints as "Action(N)".
func (a Action) String() string {
	switch a {
	case NoAction:
		return "none"
	case Created:
		return "created"
	case Replaced:
		return "replaced"
	case Unchanged:
		return "unchanged"
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// Result is what one Create did, or with [WithDryRun] would do.
type Result struct {
	// Dst is the link's path, as given to Create or [Batch.Add].
	Dst     string
	Action  Action
	Content string // what the link at dst holds (as computed by WithRelative, if given)
	// Backup is the path WithBackup kept the old dst at; "" when no backup
	// was made (nothing was at dst, or dst was Unchanged).
	Backup string
	// Junction is true on Windows when WithJunctionFallback made a junction;
	// Content is then the junction's absolute target.
	Junction bool
}

// WithResult makes Create fill *r with what it did when it succeeds; on
// failure *r is left as it was. It costs nothing: Create knows what it did.
// A nil r fails with [ErrInvalid].
func WithResult(r *Result) Option {
	return optionFunc(func(c config) config { c.result, c.wantResult = r, true; return c })
}

// WithDryRun makes Create do every check it would make, and no more: it
// writes nothing at all (no link, no parent, no backup, no temporary name)
// and returns the error the real call would return, or nil, filling the
// [WithResult] with the Result the real call would give.
//
// A dry run foresees what can be seen by looking: dst taken (and whether
// WithReplace would find it already right), a directory in the way, a file
// that would be replaced by a link to itself, a missing parent without
// [WithParents], a directory the process may not write to (on Unix, by
// access(2) with the effective user), a read-only file system, a backup
// that cannot be kept in a sticky directory, a target that must exist, an
// escape from [WithinRoot]. It cannot foresee what only the attempt shows: a
// full disk or inode table, a file system without links or hard links,
// Windows' link privilege, and changes other programs make before the real
// call. Nor, with [WithParents], what a dst whose path goes back up ("..")
// through directories still to be made lands on: it is foreseen as
// created.
func WithDryRun() Option {
	return optionFunc(func(c config) config { c.dryRun = true; return c })
}

// fillResult tells the caller of WithResult what the call did.
func (c *call) fillResult() {
	if c.result == nil {
		return
	}
	*c.result = Result{Dst: c.dst, Action: c.action, Content: c.content, Junction: c.madeJunction}
	if c.backedUp {
		c.result.Backup = c.dst + c.suffix
	}
	if c.madeJunction {
		c.result.Content = c.junctionHolds
	}
}
