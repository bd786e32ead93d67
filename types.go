package symlink

import "strconv"

// Kind says whether a link points to a file or to a directory. Unix links have
// no kind; Windows records one in the link and follows a file link to a
// directory (or the reverse) with an error, so a portable program states it.
type Kind uint8

const (
	// KindAuto makes a directory link when the target exists and is a
	// directory, or when src ends in a path separator; otherwise a file link.
	KindAuto Kind = iota
	// KindFile makes a file link. An existing target that is a directory is
	// an error ([ErrIsDir]) on every system.
	KindFile
	// KindDir makes a directory link. An existing target that is not a
	// directory is an error ([ErrNotDir]) on every system.
	KindDir
)

// String returns "auto", "file" or "dir", the spellings the CLI's --kind flag
// accepts; any other value prints as "Kind(N)".
func (k Kind) String() string { return name(k, kindNames[:], "Kind") }

var kindNames = [...]string{KindAuto: "auto", KindFile: "file", KindDir: "dir"}

// name is the name of the constant v in names, or type(N).
func name[T ~uint8](v T, names []string, typ string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return typ + "(" + strconv.Itoa(int(v)) + ")"
}

// Link is what a symbolic link or a Windows junction holds.
type Link struct {
	// Content is the link's content as stored: what [Create] was given as
	// src, or computed with [WithRelative]. For a junction it is the
	// absolute target without the `\??\` prefix Windows keeps in it, as
	// os.Readlink gives it.
	Content string
	// Kind is, on Windows, the kind recorded in the link: KindDir for a
	// directory link or a junction, KindFile for a file link. Elsewhere
	// links have no kind and it is KindAuto.
	Kind Kind
	// Junction reports a Windows junction (an NTFS mount point), which
	// os.Lstat no longer reports as a symbolic link since Go 1.23.
	Junction bool
}

// Action is what Create did to dst, or would do with [WithDryRun];
// [Reconcile] reports two more, Removed and Disowned.
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
	// Removed: a link that [Reconcile] made, which the description no
	// longer names, was removed (or found already gone).
	Removed
	// Disowned: a link that Reconcile made, which the description no longer
	// names, was changed since by someone else: it is left as it is, and
	// no longer recorded.
	Disowned
)

// String returns "none", "created", "replaced", "unchanged", "removed" or
// "disowned"; any other value prints as "Action(N)".
func (a Action) String() string { return name(a, actionNames[:], "Action") }

var actionNames = [...]string{
	NoAction: "none", Created: "created", Replaced: "replaced", Unchanged: "unchanged",
	Removed: "removed", Disowned: "disowned",
}

// Result is what one Create did, or with [WithDryRun] would do; for
// [Reconcile], what it did to one link.
type Result struct {
	// Dst is the link's path, as given to Create, [Batch.Add] or
	// [Reconcile] (for a link of Reconcile's ledger that is no longer
	// wanted, as the ledger records it).
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
