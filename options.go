package symlink

import "os"

// An Option changes how [Create] makes a link. Options are made only by the
// With functions of this package; they may be given in any order, and a later
// option of the same kind wins. [Read] takes [WithinRoot], and [Remove] takes
// [WithRelative], [WithinRoot] and [WithSync], with the same meaning as for
// Create; they refuse any other option with [ErrInvalid].
type Option interface {
	apply(config) config
}

// optionFunc takes and returns the config by value: a pointer passed to an
// interface method escapes, which would put every call's state on the heap.
type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// config is the resolved set of options of one call.
type config struct {
	replace   bool
	relative  bool
	parents   bool
	mustExist bool
	sync      bool
	backup    bool
	junction  bool
	kind      Kind
	kindSet   bool // WithKind was given, maybe with KindAuto
	suffix    string
	root      *os.Root
	result    *Result
	dryRun    bool
	// wantResult is set by WithResult, maybe with a nil pointer.
	wantResult bool
	rooted     bool // WithinRoot was given, maybe with a nil root
}

// WithReplace replaces what is at dst when it is a symbolic link (dangling or
// not, to a file or to a directory) or a file other than a directory.
//
// The replacement is atomic: the new link is made under a random temporary
// name (".symlink-*") in dst's directory and renamed over dst, so that a
// reader of dst sees the old link or the new one, never nothing, where "ln
// -sf" leaves a moment without dst. On any failure the temporary name is
// removed and dst is left as it was. A dst that already holds the content is
// not written at all: deploy tools can call Create on every run.
//
// A directory at dst (not a link to one) is never replaced: [ErrIsDir]. Nor
// is a file replaced by a link to itself, which would lose it: when src names
// the file at dst, from dst's directory (where the link will be followed) or
// from the working directory (as in "ln -sf d/a d"), the error is
// [ErrInvalid], GNU ln's "are the same file", unless [WithBackup] keeps the
// file. A file with other hard links stays reachable through them, and may
// be replaced by a link to one of them. On Windows a file link, or a file,
// is replaced with POSIX semantics where Windows 10 1607 and later and the
// file system have them (even while another program has dst open), and a
// read-only one too from 1809 on; a directory link cannot be renamed over
// another, see the package documentation.
func WithReplace() Option {
	return optionFunc(func(c config) config { c.replace = true; return c })
}

// WithRelative makes the link relative: src names the target as the caller
// sees it (absolute, or relative to the working directory) and the link holds
// the path from dst's directory to it.
//
// The path is computed as GNU "ln -sr" does: src and dst are made absolute,
// the symbolic links already present in both are resolved (dst's last element
// excepted: it is the link), and the relative path is taken between the
// results. Parts that do not exist yet are taken as written. A path may go
// through the same link many times (a/up/a/up, where up is ".."); in a link
// loop, the link at which "ln -sr" finds the loop is taken as written, so
// the result is the same as its own. A link that lengthens the path each
// time it is followed (g -> g/x), on which "ln -sr" never returns, fails
// with the system's ELOOP. Where no relative path exists (different Windows
// volumes) the link holds the absolute path.
//
// On Windows the path is the one Windows will follow, which differs from
// "ln -sr": Windows removes ".." from a path as text before it follows any
// link, and follows a link from the path it was reached by, in which a
// junction (a mount point) stays a name. So src and dst are cleaned as text,
// and only symbolic links, not junctions, are resolved.
func WithRelative() Option {
	return optionFunc(func(c config) config { c.relative = true; return c })
}

// WithParents creates dst's missing parent directories first, with mode 0777
// less the umask, as "mkdir -p" does. Should the link then not be made, the
// directories it created are removed again (those still empty). Parents
// that another program removes while Create runs (a concurrent Create that
// made them and failed) are made again, a bounded number of times. A
// parent that is a link leading nowhere cannot be made, as with "mkdir -p":
// [ErrNotExist] at once.
func WithParents() Option {
	return optionFunc(func(c config) config { c.parents = true; return c })
}

// WithTargetMustExist refuses to make a dangling link: the target (src
// resolved against dst's directory, or against the working directory with
// [WithRelative]) must exist, following links, or Create fails with
// [ErrNotExist] and creates nothing. A target that cannot be reached for
// another reason fails with that reason: [ErrPermission] for a directory on
// the way that may not be searched, the system's ELOOP for a link loop.
func WithTargetMustExist() Option {
	return optionFunc(func(c config) config { c.mustExist = true; return c })
}

// WithKind sets the kind of link; the default is [KindAuto]. Only Windows
// records a kind in the link, but the check is made everywhere so that a
// program behaves alike on every system: an existing target of the other
// kind fails with [ErrIsDir] or [ErrNotDir]. A missing target is fine. A Kind
// other than the three constants fails with [ErrInvalid].
func WithKind(k Kind) Option {
	return optionFunc(func(c config) config { c.kind, c.kindSet = k, true; return c })
}

// WithBackup keeps what dst was at dst+suffix before replacing it; it implies
// [WithReplace]. An empty suffix means "~", as in GNU ln. A backup already at
// dst+suffix is replaced (atomically); a directory there is an error. A
// suffix holding a path separator or a NUL byte fails with [ErrInvalid].
// In a directory with the sticky bit (/tmp), where a name that belongs to
// another user may be neither renamed nor removed, a backup of another
// user's dst fails with [ErrPermission] before anything is made. So does,
// on Linux with fs.protected_hardlinks (the default), a backup of another
// user's link, or of a file this process may not both read and write: the
// hard link below would be refused, and renaming dst aside instead would
// leave it missing for a moment.
//
// Unlike "ln -b", which renames dst aside and leaves a moment in which dst is
// missing, the backup is made as a hard link to dst (to the link itself, not
// its target) before the new link is renamed over dst, so dst never goes
// missing. Where the file system cannot make hard links, dst is renamed to
// the backup name instead, and for that moment it is missing.
//
// When dst already holds the content that would be written, nothing changes
// and no backup is made.
func WithBackup(suffix string) Option {
	if suffix == "" {
		suffix = "~"
	}
	return optionFunc(func(c config) config { c.replace, c.backup, c.suffix = true, true, suffix; return c })
}

// WithSync makes the change durable: it flushes dst's directory to stable
// storage, and with [WithParents] the directory each new parent was made in,
// so that the new link survives a crash or power loss. Without it the link
// is visible to every program at once but may be lost if the machine stops
// within the next seconds.
//
// The directories are opened before anything changes, so a directory that
// cannot be opened (one the process may write but not read, mode 0333)
// fails the call with nothing changed. Only the flush itself can fail after
// the change (EIO): the error's Op is then "sync", and it means that the
// link exists but its durability is unknown. On Windows, where a directory
// cannot be flushed, the option does nothing.
func WithSync() Option {
	return optionFunc(func(c config) config { c.sync = true; return c })
}

// WithJunctionFallback makes a directory link on Windows as an NTFS junction
// when the process lacks the privilege for a symbolic link. Junctions need no
// privilege but hold only absolute local paths: a relative src is made
// absolute (a verbatim `\\?\` path is kept as written, its ".." included),
// and a network target, a UNC path or a drive letter mapped to a share,
// fails with [ErrUnsupported]. The junction is a new directory with a mount
// point set on it, both made through one handle: an entry already at dst is
// never changed by it, and a junction that cannot be completed leaves
// nothing. With
// [WithReplace], a junction at dst to the directory src names is found
// already right (Unchanged), and any other junction is replaced as a link.
// The option does nothing on other systems.
func WithJunctionFallback() Option {
	return optionFunc(func(c config) config { c.junction = true; return c })
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

// WithinRoot confines the link to the tree of root, both where it is made
// and where it points: for links from untrusted names, such as an archive's
// entries. The caller opens root ([os.OpenRoot]) and closes it; a nil root
// is [ErrInvalid].
//
// dst is taken relative to root, and so is src with [WithRelative]; an
// absolute path must start with root's path (root.Name() made absolute, or
// its real path). Every look and change goes through root, the parents
// [WithParents] makes included. [ErrEscapesRoot] refuses a dst or target
// outside root, a link on the target's way that leads out, and, in a content
// kept as written, a ".." after a name ("d/../x"): whatever that name is now,
// a later link could take its place (a link re-pointed, a missing name made
// a link, an empty directory removed and made a link) and turn the ".." into
// a way out. Leading ".." elements ("../../x") are kept: they climb from the
// directory that holds the link. A link loop on the way leads nowhere, not
// out: it fails with the system's ELOOP. A parent that is a link leading
// nowhere cannot be got past, as outside a root: [ErrNotExist].
//
// The guarantee: no sequence of Creates with WithinRoot on one root, run one
// after another or at once (from several goroutines, or in a [Batch]), mixed
// with files and directories made through it, yields a link that leads
// outside root. What other code does (a
// directory swapped for a link, a link moved by os.Root.Rename or Link, a
// junction or bind mount already there) is outside it: follow the tree's
// links through the same os.Root. On Windows os.Root makes the link: [WithKind]
// cannot force the kind of a missing target, and [WithJunctionFallback] does
// not apply.
func WithinRoot(root *os.Root) Option {
	return optionFunc(func(c config) config { c.root, c.rooted = root, true; return c })
}
