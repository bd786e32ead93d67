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
// program reading dst at any moment sees either the old link or the new one,
// never nothing. Removing dst first and then creating it, as "ln -sf" does,
// leaves a moment in which dst is missing. On any failure the temporary name
// is removed and dst is left as it was.
//
// When dst already is a link with the content that would be written, nothing
// is written: deploy tools can call Create on every run.
//
// A directory at dst (not a link to one) is never replaced: the error is
// [ErrIsDir]. Nor is a file replaced by a link to itself, which would lose
// the file: when src names the file at dst, either from dst's directory
// (where the link will be followed) or from the working directory (where
// the user named it, as in "ln -sf d/a d"), the error is [ErrInvalid], as GNU
// ln's "are the same file", unless [WithBackup] keeps the file. A file that
// has other hard links stays reachable through them, and may be replaced
// by a link to one of them.
//
// On Windows a directory link cannot be renamed over another; see the Windows
// notes in the package documentation.
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
// absolute, and a network target fails with [ErrUnsupported]. With
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

// WithinRoot confines the link to the directory tree of root: both where the
// link is made and where it points. It is for making links from untrusted
// names, as an archive extractor does for the link entries of a tar or zip
// file, whose classic attack is a link that leads out of the extraction
// folder and a later entry written through it. The caller opens root (with
// [os.OpenRoot]) and closes it; Create never closes it. A nil root fails
// with [ErrInvalid].
//
// dst is taken relative to root. An absolute dst or src must start with the
// root's path: root.Name() made absolute, or the real path of that directory
// (the two differ when a link leads to the root). A relative root.Name() is
// made absolute against the working directory of the moment: after a
// change of directory it names another place, and absolute paths are then
// refused (relative ones still work); open the root by an absolute path
// when the program changes directory. Nothing else uses the root's name:
// every other look and change, the dry run's included, goes through root.
// A dst whose ".." climbs above root (a tar entry named "..") is an escape,
// [ErrEscapesRoot]; one that names a directory inside it fails as a
// directory at dst does.
//
// dst's directory is reached through root, so no link among dst's parents
// can carry the new link out of the root, even one swapped in while Create
// runs; with [WithParents] the parents are made through root too. The
// link's content is judged for the directory dst names; should the
// directory opened to make the link in not be that one (a parent still to
// be made that another Create made a link meanwhile, or a directory swapped
// for a link), the content is judged again for the directory that is there.
//
// The target must stay inside root as well. Create follows src inside root
// as the kernel would, every link already on its way included, and refuses
// an absolute path outside root, a link on the way that leads out of it, and
// a ".." that climbs above it. Because later links can change what a path
// means, one rule more keeps every link inside for good: a ".." may follow
// only a real directory, or stand at the start of src, where it climbs from
// the link's own directory. A ".." right after a link or after a name that
// does not exist yet is refused, because a later Create could make that name
// a link to somewhere else and turn the ".." into a way out.
//
// With [WithRelative], a relative src is taken relative to root rather than
// to the working directory, and the content is computed from the resolved
// path, so the ".." rule does not apply to src. A violation of any rule fails
// with [ErrEscapesRoot] and creates nothing. (os.Root.Symlink alone makes the
// link inside root but does not look at where it points.)
//
// # The guarantee
//
// Any sequence of Create calls with WithinRoot on the same root, with or
// without [WithReplace], run one after another or at the same time (as a
// [Batch] makes them), interleaved with files and directories made through
// the same os.Root, never yields a link that leads outside the root: every
// path that starts inside the root and follows links made this way stays
// inside. An attacker who controls the names and the order of an archive's
// entries cannot get around this. Outside the promise are changes made by
// other code: a directory removed and replaced by a link, a directory renamed
// or moved, a link made without WithinRoot, and a link moved or linked
// elsewhere after it was made (os.Root.Rename or os.Root.Link of a link, as
// a tar hard-link entry that names a link entry asks for: a relative
// content means something else in another directory). So is, on Windows, a junction
// that was inside the root already, as a bind mount is on Linux: a link
// reached through a junction climbs with ".." from the junction's parents,
// not from where the junction leads. Programs that later follow links
// in the tree (to write the archive's files, say) should therefore still do
// it through the same os.Root, which refuses to leave the root whatever the
// tree holds.
//
// On Windows the link is made by os.Root, which makes a directory link when
// the target is a directory inside root and a file link otherwise;
// [WithKind] still checks an existing target but cannot force the kind of a
// missing one, and [WithJunctionFallback] does not apply.
func WithinRoot(root *os.Root) Option {
	return optionFunc(func(c config) config { c.root, c.rooted = root, true; return c })
}
