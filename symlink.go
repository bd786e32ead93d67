// Package symlink creates symbolic links correctly on every system, with
// errors a program can act on.
//
// [Create] takes its arguments in the order of os.Symlink and "ln -s": the
// link's content first, then the link's path.
//
//	err := symlink.Create("releases/42", "current", symlink.WithReplace())
//
// Without options Create behaves like os.Symlink: the content is stored as
// given (a relative one is followed from the link's directory), a dangling
// link is allowed, and anything already at the link's path is an error, so
// a plain Create works as an atomic lock. Options add what programs keep
// writing by hand:
//
//   - [WithReplace]: replace a link or file atomically; readers never see
//     the path missing, and a link that is already right is not touched.
//   - [WithBackup]: keep what was there, still without a missing moment.
//   - [WithRelative]: store the path from the link to the target, as "ln -sr".
//   - [WithParents]: create missing parent directories, as "mkdir -p"
//     (and remove them again if the link cannot be made).
//   - [WithTargetMustExist]: refuse to make a dangling link.
//   - [WithKind]: file or directory link (Windows records the difference).
//   - [WithSync]: flush the directory so the link survives a crash.
//   - [WithJunctionFallback]: on Windows without link privilege, make a
//     directory junction instead.
//   - [WithinRoot]: keep the link, and where it points, inside a folder:
//     for links from untrusted names, such as the entries of an archive.
//   - [WithResult]: learn what Create did: created, replaced, unchanged.
//   - [WithDryRun]: every check, and the Result, without writing anything.
//
// Options combine freely; [WithBackup] implies [WithReplace].
//
// # Many links
//
// A [Batch] makes many links as one change: [Batch.Plan] reports every
// conflict at once, and [Batch.Apply] makes the links in parallel and, if
// one fails, undoes every change it made.
//
// # Reading and removing
//
// [Read] returns what a link holds, Windows junctions included. [Remove]
// undoes a Create: it removes dst only while dst is a link holding what
// Create with the same arguments would have written, and never a file or a
// directory, so an uninstaller takes away its own links and leaves those a
// user has changed since.
//
// # Errors
//
// Every error is an [*Error] naming the step, the link's path and content,
// and the cause. Ask errors.Is for what happened, as Python programs catch
// FileExistsError or PermissionError:
//
//	switch {
//	case errors.Is(err, symlink.ErrExist):       // also fs.ErrExist
//	case errors.Is(err, symlink.ErrPrivilege):   // Windows: enable Developer Mode
//	case errors.Is(err, symlink.ErrPermission):  // also fs.ErrPermission
//	case errors.Is(err, symlink.ErrUnsupported): // FAT, exFAT, SMB; also errors.ErrUnsupported
//	}
//
// Bad arguments (an empty path, a NUL byte, a link path ending in a
// separator, an unknown [Kind]) fail with [ErrInvalid] before any system
// call, so nothing on disk changes.
//
// # Windows
//
// Windows makes symbolic links only for processes that hold a privilege:
// elevated ones, or any process once Developer Mode is on. Without it Create
// fails with [ErrPrivilege], whose message says what to do. A link there is
// either a file or a directory link; see [Kind]. A directory link cannot be
// renamed over another one, so [WithReplace] of a directory link moves the
// old link aside first: for that moment the path is missing.
//
// # Other systems
//
// On systems without symbolic links (js/wasm, wasip1, plan9) every call fails
// with [ErrUnsupported].
package symlink

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Create makes dst a symbolic link whose content is src.
//
// Without options an existing dst of any kind is an error ([ErrExist]) and
// src is stored exactly as given. The options ([WithReplace], [WithRelative],
// …) say otherwise. Every error is an [*Error]; on error the file system is
// left as it was.
func Create(src, dst string, opts ...Option) error {
	c := newCall(src, dst, opts)
	defer c.closeDir()
	if op, err := c.prepare(); err != nil {
		return c.fail(op, err)
	}
	if c.dryRun {
		if op, err := c.foresee(); err != nil {
			return c.fail(op, err)
		}
		c.fillResult()
		return nil
	}
	return c.commit()
}

// newCall is a call with its options applied.
func newCall(src, dst string, opts []Option) call {
	c := call{src: src, dst: dst, name: dst}
	c.apply(opts)
	return c
}

// prepare checks the arguments and works out the link's content and target,
// changing nothing. It returns the step that failed.
func (c *call) prepare() (op string, err error) {
	if err := c.validate(); err != nil {
		return opSymlink, err
	}
	if c.rooted {
		if err := c.enterRoot(); err != nil {
			return opSymlink, err
		}
	} else if err := c.resolve(); err != nil {
		return opSymlink, err
	}
	return opSymlink, c.checkTarget()
}

// commit makes the change prepare worked out, and flushes it with WithSync.
func (c *call) commit() error {
	defer c.closeFlush()
	if op, err := c.make(); err != nil {
		return c.fail(op, err)
	}
	if err := c.flush(); err != nil {
		return c.fail(opSync, err)
	}
	c.fillResult()
	return nil
}

// maxTries bounds how often make starts again when dst's parents vanish.
// Against programs that make and remove the same directories in a tight
// loop, about one try in four or five loses the race; the waits between
// tries keep it from locking into step with them.
const maxTries = 32

// make prepares dst's directory and makes the link. It returns the step
// that failed; a failed make leaves nothing behind. Parents that another
// program removes before the link is in (a concurrent Create that made them
// and failed) are made again, a bounded number of times, after a short
// random wait that grows with each try.
func (c *call) make() (op string, err error) {
	for tries := 1; ; tries++ {
		if tries > 1 {
			time.Sleep(rand.N(time.Duration(tries) * 20 * time.Microsecond))
		}
		var made []string
		made, op, err = c.prepareDir()
		if err == nil {
			op, err = c.link()
		}
		if err == nil {
			c.made = made
			return "", nil
		}
		c.removeDirs(made)
		c.closeFlush()
		c.closeDir() // opened by prepareDir: open it anew
		if errors.Is(err, errRejudge) {
			if tries == maxTries {
				return op, &reason{msg: "dst's directory kept changing while Create ran", kind: ErrEscapesRoot, cause: err}
			}
			if err := c.enterRoot(); err != nil {
				return opSymlink, err
			}
			continue
		}
		if !c.parents || c.deadEnd || tries == maxTries || !errors.Is(err, fs.ErrNotExist) {
			return op, err
		}
	}
}

// Check reports whether this process can create symbolic links in dir: it
// makes a link under a unique name there and removes it. It answers for dir's
// file system and for this process's rights, which is why it does not probe
// the temporary directory: links may work there and not on the volume where
// the real ones go. The error, if any, is an [*Error] with Op "check", the
// same as Create would return there.
func Check(dir string) error {
	c := call{dst: dir, content: ".symlink-check"}
	c.kind = KindFile
	if err := validPath("directory", dir); err != nil {
		return c.fail(opCheck, err)
	}
	where := dir
	if !roomBeside(dir, maxTempName) {
		// No room for the probe's name in a path: probe by descriptor.
		at, err := os.OpenRoot(dir)
		if err != nil {
			return c.fail(opCheck, err)
		}
		defer at.Close()
		c.at, where = at, ""
	}
	probe, err := createTemp(where, c.symlinkAt)
	if err != nil {
		return c.fail(opCheck, err)
	}
	if err := c.removeAt(probe); err != nil {
		return c.fail(opCheck, err)
	}
	return nil
}

// The steps an *Error names in Op.
const (
	opSymlink = "symlink"
	opReplace = "replace"
	opBackup  = "backup"
	opMkdir   = "mkdir"
	opSync    = "sync"
	opCheck   = "check"
	opUndo    = "undo"
	opRead    = "read"
	opRemove  = "remove"
)

// call is one Create: its arguments, options and what was worked out from
// them.
type call struct {
	config
	src, dst      string
	content       string       // what the link will hold
	target        string       // where the link will point, as a path usable from here
	name          string       // dst as the *At functions take it (see at.go)
	in            *inRoot      // the root of WithinRoot, opened
	at            *os.Root     // dst's directory, when the call works by its descriptor (see at.go)
	closeAt       bool         // at was opened by the call, which closes it
	flushing      []*os.File   // the directories WithSync flushes, opened before the change
	made          []string     // the parents made for the link
	deadEnd       bool         // a parent is a dangling link: making parents again cannot help
	action        Action       // what was done to dst
	backedUp      bool         // WithBackup kept the old dst
	madeJunction  bool         // Windows: a junction was made
	junctionHolds string       // and its absolute target
	listed        *dirInfo     // dst's directory as a Batch's Plan listed it
	keep          func() error // a Batch's: called before a replace changes dst
	// badOption is set by a nil Option, which validate refuses.
	badOption bool
}

// apply applies opts in order.
func (c *call) apply(opts []Option) {
	for _, o := range opts {
		if o == nil {
			c.badOption = true
			continue
		}
		c.config = o.apply(c.config)
	}
}

func (c *call) fail(op string, err error) error {
	if c.in != nil {
		err = escapedRoot(err)
	}
	return &Error{Op: op, Src: c.src, Dst: c.dst, Err: osCause(err)}
}

// prepareDir makes dst's parents with WithParents, returning those it made;
// with WithSync it opens the directories the flush needs, before any change,
// and with WithinRoot it opens dst's directory. It returns the step that
// failed.
func (c *call) prepareDir() (made []string, op string, err error) {
	dir := c.dstDir()
	var missing []string
	if c.parents {
		if missing, err = c.missingParents(dir); err != nil {
			return nil, opMkdir, err
		}
		if len(missing) > 0 {
			dir = parentDir(missing[len(missing)-1])
		}
	}
	if err := c.openForFlush(dir); err != nil {
		return nil, opSync, err
	}
	if made, op, err = c.makeParents(missing); err != nil {
		return nil, op, err
	}
	if c.in == nil {
		return made, opSymlink, c.openLongDir()
	}
	if c.at, err = c.in.root.OpenRoot(c.in.dstPath()); err != nil {
		return made, opSymlink, err
	}
	c.closeAt = true
	if !c.in.sameDir(c.at) {
		// Swapped since the judgement: the content may mean something
		// else here.
		return made, opSymlink, errRejudge
	}
	return made, opSymlink, nil
}

// link makes the link, or replaces what is at dst with WithReplace. It
// returns the step that failed.
func (c *call) link() (op string, err error) {
	if c.replace {
		return c.replaceLink()
	}
	if err := c.symlinkAt(c.name); err != nil {
		return opSymlink, err
	}
	c.action = Created
	return "", nil
}

// dir is dst's directory.
func (c *call) dir() string { return parentDir(c.dst) }

// dstDir is dst's directory as the call reaches it: inside the root under
// WithinRoot, links resolved; otherwise its path.
func (c *call) dstDir() string {
	if c.in != nil {
		return c.in.dstPath()
	}
	return c.dir()
}

func (c *call) validate() error {
	if err := validPath("target", c.src); err != nil {
		return err
	}
	if err := validPath("link path", c.dst); err != nil {
		return err
	}
	if c.rooted && c.root == nil {
		return &reason{msg: "nil root", kind: ErrInvalid}
	}
	if endsInSeparator(c.dst) {
		return &reason{msg: "link path ends in a separator", kind: ErrInvalid}
	}
	if c.kind > KindDir {
		return &reason{msg: "unknown kind " + c.kind.String(), kind: ErrInvalid}
	}
	if c.badOption {
		return &reason{msg: "nil Option", kind: ErrInvalid}
	}
	if c.wantResult && c.result == nil {
		return &reason{msg: "WithResult of a nil *Result", kind: ErrInvalid}
	}
	if c.backup && (strings.ContainsFunc(c.suffix, func(r rune) bool {
		return r == 0 || os.IsPathSeparator(byte(r))
	})) {
		return &reason{msg: "backup suffix " + quote(c.suffix) + " is not a name", kind: ErrInvalid}
	}
	return nil
}

// validPath refuses the paths no system call would take; what says which
// argument p is.
func validPath(what, p string) error {
	if p == "" {
		return &reason{msg: "empty " + what, kind: ErrInvalid}
	}
	if strings.IndexByte(p, 0) >= 0 {
		return &reason{msg: what + " holds a NUL byte", kind: ErrInvalid}
	}
	return nil
}

// resolve works out the link's content and, when an option needs to look at
// the target, the target's path from the working directory.
func (c *call) resolve() error {
	if c.relative {
		target, err := relativeAbs(c.src)
		if err != nil {
			return err
		}
		c.target = target
		c.content, err = relativeLink(target, c.dst)
		return err
	}
	c.content = c.src
	return nil
}

// targetPath is where the link will point, as a path usable from here.
func (c *call) targetPath() string {
	if c.target == "" {
		c.target = targetFrom(c.src, c.dir())
	}
	return c.target
}

// statTarget describes the target, following links: through the root with
// WithinRoot, so that no link leads the look outside it.
func (c *call) statTarget() (fs.FileInfo, error) {
	if c.in != nil {
		return c.in.root.Stat(c.in.target)
	}
	return os.Stat(c.targetPath())
}

// targetFrom is where a link in dir holding src points.
func targetFrom(src, dir string) string {
	if filepath.IsAbs(src) {
		return src
	}
	if filepath.VolumeName(src) != "" {
		// Windows `C:x`: from drive C's current directory, which is how
		// CreateSymbolicLinkW makes it absolute when it stores the link.
		if abs, err := filepath.Abs(src); err == nil {
			return abs
		}
	}
	if filepath.VolumeName(src) == "" && os.IsPathSeparator(src[0]) {
		// Windows `\x`: rooted on the volume the link lives on.
		abs, err := filepath.Abs(dir)
		if err == nil {
			return filepath.VolumeName(abs) + src
		}
	}
	return joinPath(dir, src)
}

// checkTarget applies WithTargetMustExist and an explicit Kind.
func (c *call) checkTarget() error {
	if !c.mustExist && c.kind == KindAuto {
		return nil
	}
	if c.kind == KindFile && endsInSeparator(c.src) {
		return &reason{msg: "a file link cannot end in a separator", kind: ErrInvalid}
	}
	fi, err := c.statTarget()
	switch {
	case errors.Is(err, fs.ErrNotExist) && c.mustExist:
		return &reason{msg: "target " + quote(c.target) + " does not exist", kind: ErrNotExist, cause: osCause(err)}
	case err != nil && c.mustExist:
		// EACCES, ELOOP, ENOTDIR: what the system said, not "missing".
		err = osCause(err)
		return &reason{msg: "target " + quote(c.target) + ": " + err.Error(), kind: errnoKind(err), cause: err}
	case err != nil:
		return nil // a missing target may be of either kind
	case c.kind == KindFile && fi.IsDir():
		return &reason{msg: "target of a file link is a directory", kind: ErrIsDir}
	case c.kind == KindDir && !fi.IsDir():
		return &reason{msg: "target of a directory link is not a directory", kind: ErrNotDir}
	}
	return nil
}

// linkKind is the kind of link to make: the one asked for, or on KindAuto
// what the target looks like. Only Windows records a kind in a link.
//
//lint:ignore U1000 used by the Windows backend
func (c *call) linkKind() Kind {
	if c.kind != KindAuto {
		return c.kind
	}
	if endsInSeparator(c.src) {
		return KindDir
	}
	if fi, err := c.statTarget(); err == nil && fi.IsDir() {
		return KindDir
	}
	return KindFile
}

func endsInSeparator(p string) bool { return p != "" && os.IsPathSeparator(p[len(p)-1]) }
