package symlink

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"strings"
	"time"
)

// The engine. A call is one Create, Read or Remove: its arguments, its
// options, and what was worked out from them. Create runs its steps in
// order: prepare (validate, resolve the content, check the target: no
// change), then commit (prepareDir makes the parents and opens what the
// steps need; link creates, or replaces through a temporary name; flush).
// Each step is a method in the file of its concept: replace.go, parents.go,
// sync.go, root.go, dryrun.go; at.go holds the operations on names in dst's
// directory that all of them use. A Batch (batch.go) runs the same steps for
// each of its links.

// call is one Create: its arguments, options and what was worked out from
// them.
type call struct {
	config
	src, dst      string
	content       string     // what the link will hold
	target        string     // where the link will point, as a path usable from here
	name          string     // dst as the *At functions take it (see at.go)
	in            *inRoot    // the root of WithinRoot, opened
	at            *os.Root   // dst's directory, when the call works by its descriptor (see at.go)
	closeAt       bool       // at was opened by the call, which closes it
	flushing      []*os.File // the directories WithSync flushes, opened before the change
	made          []string   // the parents made for the link
	deadEnd       bool       // a parent is a dangling link: making parents again cannot help
	action        Action     // what was done to dst
	backedUp      bool       // WithBackup kept the old dst
	madeJunction  bool       // Windows: a junction was made
	junctionHolds string     // and its absolute target
	known         knownDir   // what the caller learnt of dst's directory before the call, or nil
	batchID       string     // set by a Batch: with batchIndex, the tag of the names the call makes beside dst (see tempTag)
	batchIndex    int
	free          bool     // a look just made found nothing at dst: a replace tries to create first
	freeIn        *os.File // with free, dst's directory, where the link is created by descriptor (see at.go)
	// badOption is set by a nil Option, which validate refuses.
	badOption bool
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
	opJournal = "journal"
	opLedger  = "ledger"
)

// newCall is a call with its options applied.
func newCall(src, dst string, opts []Option) call {
	c := call{src: src, dst: dst, name: dst}
	c.apply(opts)
	return c
}

// applied keeps the options of the last call it made, applied: the Adds
// that share one slice of options (Reconcile gives every link the same)
// are not applied again, which is most of what making a call costs.
type applied struct {
	opts []Option
	cfg  config
	bad  bool
}

// newCall is newCall, with the options applied once per slice.
func (a *applied) newCall(src, dst string, opts []Option) call {
	if len(opts) == 0 || len(a.opts) != len(opts) || &a.opts[0] != &opts[0] {
		c := newCall(src, dst, opts)
		a.opts, a.cfg, a.bad = opts, c.config, c.badOption
		return c
	}
	return call{config: a.cfg, src: src, dst: dst, name: dst, badOption: a.bad}
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
// keep, if not nil, is called before a replace changes what is at dst (see
// replaceLink).
func (c *call) commit(keep func() error) error {
	defer c.closeFlush()
	if op, err := c.change(keep); err != nil {
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

// change prepares dst's directory and makes the link. It returns the step
// that failed; a failed change leaves nothing behind. Parents that another
// program removes before the link is in (a concurrent Create that made them
// and failed) are made again, a bounded number of times, after a short
// random wait that grows with each try.
func (c *call) change(keep func() error) (op string, err error) {
	for tries := 1; ; tries++ {
		if tries > 1 {
			time.Sleep(rand.N(time.Duration(tries) * 20 * time.Microsecond))
		}
		var made []string
		made, op, err = c.prepareDir()
		if err == nil {
			op, err = c.createOrReplace(keep)
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
	if err := c.openDstDir(); err != nil {
		return made, opSymlink, err
	}
	if c.in != nil && !c.in.sameDir(c.at) {
		// Swapped since the judgement: the content may mean something
		// else here.
		return made, opSymlink, errRejudge
	}
	return made, opSymlink, nil
}

// createOrReplace makes the link, or replaces what is at dst with WithReplace. It
// returns the step that failed.
func (c *call) createOrReplace(keep func() error) (op string, err error) {
	switch {
	case c.replace && c.free:
		return c.createMissing(keep) // replaced only if another program was quicker
	case c.replace:
		return c.replaceLink(keep)
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

func endsInSeparator(p string) bool { return p != "" && os.IsPathSeparator(p[len(p)-1]) }

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
