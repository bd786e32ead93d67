package symlink

import (
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A Batch's undo: before a link replaces something, what is at dst (and at
// its backup name) is kept under a hidden hard link; if a link fails, every
// change is taken back from those, and the parents made are removed.

// undoState is what the undo of one link needs: the call that made the
// change, and the hidden hard links of what it replaced.
type undoState struct {
	c            call
	hidden       string // a hard link of the old dst
	hiddenBackup string // a hard link of the old backup
	kept         bool   // the undo failed: the hidden links stay for the user
	inDir        bool   // c works in the Batch's directory, by descriptor (see rebind)
}

// newID is a random name for one Apply, in base 36.
func newID() string { return strconv.FormatUint(rand.Uint64(), 36) }

// tagOf is the tag (see call.tempTag) of the link of the Add with the given
// index in the Apply id: every name the link's undo needs beside its dst
// (.symlink-<id>-<index>.h for what dst held, .b for what its backup name
// held, .t and .k for the temporary links of the replace) is then known to
// anyone who knows the id, which a journal records, and to nobody else.
func tagOf(id string, index int) string {
	return id + "-" + strconv.Itoa(index) + "."
}

// hide makes the hidden hard links the undo puts back: of dst, and of the
// backup name that WithBackup will replace. It is called by the replace,
// with dst's directory open under WithinRoot, once dst is found to be there.
func (u *undoState) hide() error {
	c := &u.c
	for _, h := range []string{u.hidden, u.hiddenBackup} {
		if h != "" { // kept by a try that did not replace: keep anew
			c.removeAt(h)
		}
	}
	u.hidden, u.hiddenBackup = "", ""
	keep := func(name, kind string) (string, error) {
		tmp, err := c.makeTemp(kind, func(tmp string) error { return c.hardLinkAt(name, tmp) })
		if err != nil && noHardLinks(osCause(err)) && c.ownsDst() {
			// No hard link of this here (a directory link on Windows),
			// but a link is what it holds: a copy keeps it.
			ctmp, cerr := c.makeTemp(kind, func(tmp string) error { return c.copyLink(name, tmp) })
			if !errors.Is(cerr, errNotCopied) {
				return ctmp, cerr
			}
		}
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", nil // nothing there: nothing to keep
		case err != nil && noHardLinks(osCause(err)) && !c.ownsDst():
			// Linux's fs.protected_hardlinks: no sign that the file
			// system lacks hard links.
			return "", &reason{
				msg:   "the system refuses a hard link to another user's " + quote(c.joinDir(name)) + ", which the Batch needs to undo replacing it: " + osCause(err).Error(),
				kind:  ErrPermission,
				cause: osCause(err),
			}
		case err != nil && noHardLinks(osCause(err)):
			return "", &reason{
				msg:   "the file system cannot make the hard link that would let the Batch undo replacing " + quote(c.joinDir(name)) + ": " + osCause(err).Error(),
				kind:  ErrUnsupported,
				cause: osCause(err),
			}
		}
		return tmp, err
	}
	var err error
	if u.hidden, err = keep(c.name, hiddenDst); err != nil {
		return err
	}
	if c.backup {
		u.hiddenBackup, err = keep(c.name+c.suffix, hiddenBak)
	}
	return err
}

// errNotCopied is copyLink's answer for an entry that is not a link.
var errNotCopied = errors.New("not a link: no copy made")

// sameAt reports whether the entries at a and b are one and the same: the
// same file, or, where hide kept a link as a copy (copyLink), two links
// holding the same content.
func (c *call) sameAt(a, b string) bool {
	ai, err := c.lstatAt(a)
	if err != nil {
		return false
	}
	bi, err := c.lstatAt(b)
	if err != nil {
		return false
	}
	if os.SameFile(ai, bi) {
		return true
	}
	const link = fs.ModeSymlink | fs.ModeIrregular // a junction is irregular
	if ai.Mode()&link == 0 || bi.Mode()&link == 0 || ai.IsDir() != bi.IsDir() {
		return false
	}
	ac, aerr := c.readAt(a)
	bc, berr := c.readAt(b)
	return aerr == nil && berr == nil && ac == bc
}

// readAt is what the link at name holds.
func (c *call) readAt(name string) (string, error) {
	if c.at != nil {
		return c.at.Readlink(name)
	}
	return os.Readlink(name)
}

// takeBack undoes, from what the file system shows, what an Apply with this
// call's tag did at dst and its backup name before it was killed; with
// committed, Apply had made every link, and only the hidden and temporary
// names go. created says that Plan found nothing at dst. The steps are
// ordered so that a Recover killed in the middle, run again, still finds
// what it needs: the backup name is put back while the hidden copy of dst
// still tells what Apply made it, and dst last.
func (c *call) takeBack(created, committed bool) error {
	h, hb := c.tagged(hiddenDst), c.tagged(hiddenBak)
	defer func() {
		c.removeAt(c.tagged(tempLink))
		c.removeAt(c.tagged(tempBackup))
	}()
	if committed {
		c.removeAt(h)
		c.removeAt(hb)
		return nil
	}
	hi, herr := c.lstatAt(h)
	if herr != nil && !errors.Is(herr, fs.ErrNotExist) {
		return herr
	}
	if c.backup {
		if err := c.takeBackBackup(hi, hb); err != nil {
			return err
		}
	}
	if herr != nil {
		// Nothing was hidden: dst was not replaced. A link Apply created
		// where nothing was goes; anything else there now, where Plan saw
		// nothing, another program put there (over the link, or before
		// Apply came to it).
		if !created {
			return nil
		}
		if c.holdsOwn() {
			return c.removeAt(c.name)
		}
		if _, err := c.lstatAt(c.name); err == nil {
			return errors.New("the link path holds what another program put there; left as it is")
		}
		return nil
	}
	_, err := c.lstatAt(c.name)
	switch {
	case err == nil && c.sameAt(c.name, h):
		return c.removeAt(h) // hidden, never replaced
	case errors.Is(err, fs.ErrNotExist):
		// Killed while a Windows directory link was moved aside.
	case !c.holdsOwn():
		return keptAt(errors.New("the link was changed by another program; left as it is"), c.joinDir(h))
	}
	return c.renameAt(h, c.name)
}

// holdsOwn reports whether dst holds the link the call makes.
func (c *call) holdsOwn() bool {
	same, _ := c.holdsContent(c.name)
	return same
}

// takeBackBackup puts the backup name back: from hb if Apply hid what it
// held, or by removing it if Apply made it, that is if it is the file dst
// held (hi, its hidden copy; nil if there is none).
func (c *call) takeBackBackup(hi fs.FileInfo, hb string) error {
	backup := c.name + c.suffix
	_, berr := c.lstatAt(backup)
	made := berr == nil && hi != nil && c.sameAt(backup, c.tagged(hiddenDst))
	_, hberr := c.lstatAt(hb)
	switch {
	case hberr == nil && berr == nil && c.sameAt(backup, hb):
		return c.removeAt(hb) // never replaced
	case hberr == nil && (made || errors.Is(berr, fs.ErrNotExist)):
		return c.renameAt(hb, backup)
	case hberr == nil:
		return keptAt(errors.New("the backup "+quote(c.joinDir(backup))+" was changed by another program; left as it is"), c.joinDir(hb))
	case made:
		return c.removeAt(backup)
	}
	return nil
}

// keptAt is err saying that what was there before Apply is kept at the
// hidden names at paths, which stay.
func keptAt(err error, paths ...string) error {
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = quote(p)
	}
	return restate(err, func(text string) string {
		return text + "; what was there before is kept at " + strings.Join(quoted, " and ")
	})
}

// undo takes back what Apply did, links first (the directories in
// parallel, as Apply made them), then the parents it made, and returns one
// *Error with Op "undo" for each path it could not put back.
func (s *batchState) undo() error {
	var mu sync.Mutex
	var errs []error
	s.eachGroup(context.Background(), func(g int) {
		for _, i := range s.groups[g] {
			if l := s.links.at(i); l.created {
				l.undo, l.created = l.createdUndo(), false
			}
		}
		s.rebind(g)
		defer s.dirs[g].close()
		var flush *call
		for _, i := range s.groups[g] {
			u := s.links.at(i).undo
			if u == nil {
				continue
			}
			c := &u.c
			if err := c.withDir(u.restore); err != nil {
				err = u.keepHidden(osCause(err))
				mu.Lock()
				errs = append(errs, &Error{Op: opUndo, Src: c.src, Dst: c.dst, Err: err})
				mu.Unlock()
			}
			if c.sync {
				flush = c
			}
		}
		if flush != nil {
			flush.syncDir(flush.dstDir()) // the undo is as durable as the change was
		}
	})
	type madeDir struct {
		c   *call
		dir string
	}
	var made []madeDir
	for i := range s.links.n {
		if u := s.links.at(i).undo; u != nil {
			for _, d := range u.c.made {
				made = append(made, madeDir{&u.c, d})
			}
			u.c.made = nil
		}
	}
	// The deepest first: a parent is empty only once its children are gone.
	depth := func(p string) int { return strings.Count(filepath.ToSlash(p), "/") }
	slices.SortFunc(made, func(a, b madeDir) int { return depth(b.dir) - depth(a.dir) })
	for _, m := range made {
		m.c.removeDirs([]string{m.dir})
		if m.c.sync {
			m.c.syncDir(parentDir(m.dir))
		}
	}
	s.forget()
	return errors.Join(errs...)
}

// rebind gives the calls of group g that worked in the Batch's directory by
// descriptor that directory again: Apply closed it when it was done with the
// group. Should it no longer be the directory Plan found, they work by path.
func (s *batchState) rebind(g int) {
	for _, i := range s.groups[g] {
		u := s.links.at(i).undo
		if u == nil || !u.inDir {
			continue
		}
		if r := s.dirs[g].openRoot(); r != nil { // opened once, if any link needs it
			u.c.at = r
			continue
		}
		u.c.at = nil
		u.byPath()
	}
}

// byPath makes the undo work by path, once the directory its call worked
// in by descriptor is closed: the call's names become paths.
func (u *undoState) byPath() {
	u.c.name, u.inDir = u.c.dst, false
	for _, h := range []*string{&u.hidden, &u.hiddenBackup} {
		if *h != "" {
			*h = joinPath(u.c.dir(), *h)
		}
	}
}

// restore puts dst (and its backup name) back as they were before apply.
// It changes nothing unless both still hold what Apply put there: a name
// another program changed since is left as that program left it. The look
// and the change are two system calls: a change made between them is
// undone, as with Remove.
func (u *undoState) restore() error {
	c := &u.c
	if c.action != Created && c.action != Replaced {
		return nil
	}
	if !c.holdsOwn() {
		return errors.New("the link was changed by another program; left as it is")
	}
	backup := c.name + c.suffix
	backupChanged := c.backedUp && !u.holdsOldDst(backup)
	if u.hidden == "" {
		// Nothing was there to replace (created, or gone before the
		// replace): the link goes.
		if err := c.removeAt(c.name); err != nil {
			return err
		}
	} else {
		if err := c.renameAt(u.hidden, c.name); err != nil {
			return err
		}
		u.hidden = ""
	}
	if backupChanged {
		// dst is back all the same; the backup name is another program's
		// now, and what it held before Apply stays hidden (see keepHidden).
		return errors.New("the backup " + quote(c.joinDir(backup)) + " was changed by another program; left as it is")
	}
	if !c.backedUp {
		return nil
	}
	if u.hiddenBackup != "" {
		if err := c.renameAt(u.hiddenBackup, backup); err != nil {
			return err
		}
		u.hiddenBackup = ""
		return nil
	}
	return c.removeAt(backup)
}

// holdsOldDst reports whether the backup name still holds what dst was
// before Apply: the file hidden as u.hidden, of which keepBackup made it a
// hard link.
func (u *undoState) holdsOldDst(backup string) bool {
	c := &u.c
	if u.hidden == "" {
		return false
	}
	return c.sameAt(backup, u.hidden)
}

// keepHidden is err, the failure to undo one link, saying where the hidden
// copies of what the link replaced are kept: they are not removed, so
// that nothing that was there before Apply is lost.
func (u *undoState) keepHidden(err error) error {
	var paths []string
	for _, h := range []string{u.hidden, u.hiddenBackup} {
		if h != "" {
			paths = append(paths, u.c.joinDir(h))
		}
	}
	if len(paths) == 0 {
		return err
	}
	u.kept = true
	return keptAt(err, paths...)
}

// forget removes the hidden hard links that are still there, but those an
// undo that failed keeps for the user.
func (s *batchState) forget() {
	s.eachGroup(context.Background(), func(g int) {
		if !slices.ContainsFunc(s.groups[g], func(i int) bool {
			u := s.links.at(i).undo
			return u != nil && !u.kept && (u.hidden != "" || u.hiddenBackup != "")
		}) {
			return // nothing hidden here: no need to open the directory
		}
		s.rebind(g)
		defer s.dirs[g].close()
		for _, i := range s.groups[g] {
			u := s.links.at(i).undo
			if u == nil || u.kept || u.hidden == "" && u.hiddenBackup == "" {
				continue
			}
			u.c.withDir(func() error {
				for _, h := range []string{u.hidden, u.hiddenBackup} {
					if h != "" {
						u.c.removeAt(h)
					}
				}
				return nil
			})
			u.hidden, u.hiddenBackup = "", ""
		}
	})
}
