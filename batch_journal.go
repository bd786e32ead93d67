package symlink

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/symlinkgo/symlink/internal/sys"
)

// A Batch's journal. Before its first change, Apply writes to the journal
// every link it will change: the link's path, what it will hold, whether
// something was there, and the parents it will make. It makes the file
// durable, and only then changes anything. Everything Apply makes beside a
// dst carries the Apply's id, which the journal records (see tagOf), so the
// journal needs no further write per link: after a crash the file system
// itself shows how far each link got. Once every link is made Apply appends
// "committed", removes the hidden copies and then the journal. Recover reads
// it back: an Apply that had not committed is undone, one that had is only
// cleaned up.
//
// The format is text, one record a line, strings quoted as Go quotes them:
//
//	symlink-journal 1
//	id 3q8zv1k2x9m0a
//	link 0 replace src "../shared/bashrc" dst "/home/u/.bashrc" content "../shared/bashrc" root "" backup ".orig" junction 0
//	mkdir root "" dir "/home/u/.config/app"
//	end 5f1a07c3
//	committed
//
// "end" carries the CRC-32 of every byte before it. A journal without it was
// still being written: Apply had changed nothing yet. One whose end does not
// match, or that does not parse, is damaged (ErrInvalid), and nothing is
// done with it.

const journalMagic = "symlink-journal 1"

// journal is an open, locked journal file and what it records.
type journal struct {
	path      string
	f         *os.File
	id        string
	links     []journalLink
	dirs      []journalDir
	sealed    bool // it has its end line: Apply may have changed something
	committed bool // Apply made every link
}

// journalLink is one link an Apply changes.
type journalLink struct {
	index    int  // of the Add: with the id, the link's tag
	replace  bool // something was at dst when Plan looked
	src, dst string
	content  string
	root     string // WithinRoot's root, absolute; dst is then inside it
	backup   bool
	suffix   string
	junction bool // WithJunctionFallback
}

// journalDir is a parent an Apply makes.
type journalDir struct{ root, dir string }

// SetJournal makes Apply recoverable after a crash: before its first change
// Apply records in the file at path, made durable, what it will change, and
// removes the file once it has finished or undone. Should the process be
// killed or the machine lose power, [Recover] (or the next Apply with the
// same journal, which recovers first) puts every dst back as it was. A zero
// Batch has no journal; path "" removes it.
//
// The journal is locked while in use: a second Apply or Recover with the
// same path fails at once with [ErrBusy], changing nothing. Programs that
// may change the same links at once should share one journal path so: two
// Batches over the same names, each undoing what the other did, can leave
// links that neither of them kept. An Add whose dst or backup name is the
// journal, by any path to its directory, is refused by Plan and Apply with
// [ErrInvalid]; so is a journal path that is a symbolic link, which is
// never opened through (another program could have put it there), or
// anything else but a regular file.
func (b *Batch) SetJournal(path string) { b.journal = path }

// Recover undoes the Apply that the journal file records as unfinished
// (the process was killed, the machine lost power): every dst back to what
// it held (a file as the same file, so other hard links and open
// descriptors keep it), the links, backups and parents it made removed (a
// parent only while it is an empty directory), hidden copies gone, then the
// journal. An Apply that had made every link
// is kept, and only its hidden copies go. A missing journal means nothing to
// do (nil). Recover can itself be killed and run again.
//
// A journal in use by another Apply or Recover fails at once with
// [ErrBusy]; a damaged one with [ErrInvalid]; either changes nothing. A
// journal cut short (no end line) records an Apply killed while it wrote
// the journal, which had changed nothing, unless a name of that Apply is
// found beside one of its dsts: then it was damaged since, and is
// [ErrInvalid] too. A
// name another program changed since the Apply is left as it is and
// reported as an [*Error] with Op "undo", as Apply's own undo does. If ctx
// is done, Recover stops between links and keeps the journal.
func Recover(ctx context.Context, journal string) error {
	j, err := openJournal(journal, false)
	if j == nil || err != nil {
		return err
	}
	defer j.close()
	return j.recover(ctx, true)
}

// openJournal opens and locks the journal at path, and reads it. A missing
// file is nil, nil unless create is set.
func openJournal(path string, create bool) (*journal, error) {
	fail := (&journal{path: path}).fail
	if err := validPath("journal path", path); err != nil {
		return nil, fail(err)
	}
	for range 100 { // the journal removed or replaced between the open and the lock: again
		// Never through a link: a link another program put at the
		// journal's name would have the journal made, or truncated, where
		// it points. Nor anything but a regular file (a FIFO would block).
		if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
			return nil, fail(notRegular("journal", fi))
		}
		flag := os.O_RDWR | sys.NoFollow | sys.NonBlock
		if create {
			flag |= os.O_CREATE
		}
		f, err := sys.OpenShared(path, flag, 0o600) // removed while open and locked
		if errors.Is(err, fs.ErrNotExist) && !create {
			return nil, nil
		}
		if err != nil {
			return nil, fail(err)
		}
		journalOpened(path)
		locked, err := sys.TryLock(f)
		if err == nil && !locked {
			err = &reason{msg: "the journal is in use by another Apply or Recover", kind: ErrBusy}
		}
		if err != nil {
			f.Close()
			return nil, fail(err)
		}
		// The file locked must still be the journal: the Apply that held
		// it may have removed it, or another made a new one, meanwhile.
		if at, err := stillAt(f, path); err != nil || !at {
			f.Close()
			if err != nil {
				return nil, fail(err)
			}
			continue
		}
		j := &journal{path: path, f: f}
		if err := j.read(); err != nil {
			f.Close()
			return nil, fail(err)
		}
		return j, nil
	}
	return nil, fail(&reason{msg: "the journal keeps being replaced by another program", kind: ErrBusy})
}

// journalOpened is called between the open of a journal and its lock: a
// seam for the tests, which remove the file there as an Apply ending at
// that moment would.
var journalOpened = func(path string) {}

// stillAt reports whether f, opened at path, is still the file at path.
func stillAt(f *os.File, path string) (bool, error) {
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	now, err := os.Lstat(path)
	return err == nil && os.SameFile(fi, now), nil
}

// notRegular refuses what is at the path of a journal or a ledger when it
// is not a regular file: a device, a FIFO, a directory, a link.
func notRegular(what string, fi fs.FileInfo) error {
	kind := "not a regular file"
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		kind = "a symbolic link; a " + what + " is never opened through one"
	case fi.IsDir():
		kind = "a directory"
	}
	return &reason{msg: "the " + what + " path is " + kind, kind: ErrInvalid}
}

func (j *journal) close() { j.f.Close() }

// fail is err as the journal's *Error.
func (j *journal) fail(err error) error { return &Error{Op: opJournal, Dst: j.path, Err: osCause(err)} }

// read parses the journal. An empty one, or one whose end line was never
// written, records nothing.
func (j *journal) read() error {
	b, err := io.ReadAll(j.f)
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return nil
	}
	end := bytes.LastIndex(b, []byte("\nend "))
	if end < 0 {
		if !bytes.HasPrefix(b, []byte(journalMagic+"\n")) && !bytes.HasPrefix([]byte(journalMagic+"\n"), b) {
			return damaged("not a journal of this package")
		}
		return j.cutShort(b) // cut short while Apply wrote it: nothing was changed
	}
	body, tail := b[:end+1], string(b[end+1:])
	endLine, rest, complete := strings.Cut(tail, "\n")
	if !complete {
		return j.cutShort(body) // cut short in its end line: nothing was changed
	}
	sum, err := strconv.ParseUint(strings.TrimPrefix(endLine, "end "), 16, 32)
	if err != nil {
		return damaged("malformed end line")
	}
	if uint32(sum) != crc32.ChecksumIEEE(body) {
		return damaged("its checksum does not match")
	}
	switch {
	case rest == "committed\n":
		j.committed = true
	case strings.HasPrefix("committed\n", rest):
		// None, or cut short: Apply had not committed, and every
		// change is still there to undo.
	default:
		return damaged("unknown line after the end")
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for line := 0; sc.Scan(); line++ {
		if err := j.parse(line, sc.Text()); err != nil {
			return damaged("line " + strconv.Itoa(line+1) + ": " + err.Error())
		}
	}
	if j.id == "" {
		return damaged("no id")
	}
	j.sealed = true
	return sc.Err()
}

func damaged(why string) error {
	return &reason{msg: "damaged journal: " + why, kind: ErrInvalid}
}

// parse reads one line of the journal's body.
func (j *journal) parse(line int, text string) error {
	if line == 0 {
		if text != journalMagic {
			return errors.New("not a journal of this package, or of another version")
		}
		return nil
	}
	word, rest, _ := strings.Cut(text, " ")
	t, err := tokens(rest, nil)
	if err != nil {
		return err
	}
	switch word {
	case "id":
		if len(t) != 1 || j.id != "" {
			return errors.New("malformed id")
		}
		j.id = t[0]
	case "link":
		if len(t) < 2 {
			return errors.New("malformed link")
		}
		kv, err := pairs(t[2:])
		if err != nil {
			return err
		}
		l := journalLink{src: kv["src"], dst: kv["dst"], content: kv["content"], root: kv["root"], suffix: kv["backup"]}
		if l.index, err = strconv.Atoi(t[0]); err != nil || l.index < 0 {
			return errors.New("malformed link index")
		}
		switch t[1] {
		case "create":
		case "replace":
			l.replace = true
		default:
			return errors.New("unknown link action " + strconv.Quote(t[1]))
		}
		_, l.backup = kv["backup"]
		l.junction = kv["junction"] == "1"
		if l.dst == "" || l.content == "" {
			return errors.New("link without dst or content")
		}
		j.links = append(j.links, l)
	case "mkdir":
		kv, err := pairs(t)
		if err != nil {
			return err
		}
		if kv["dir"] == "" {
			return errors.New("mkdir without dir")
		}
		j.dirs = append(j.dirs, journalDir{root: kv["root"], dir: kv["dir"]})
	default:
		return errors.New("unknown record " + strconv.Quote(word))
	}
	return nil
}

// tokens splits a record into its fields, separated by one space: a bare
// word, or a string quoted as Go quotes it. A quoted field without escapes
// is a slice of s, so that reading a large journal or ledger copies no path.
// The fields are appended to t.
func tokens(s string, t []string) ([]string, error) {
	for s != "" {
		var f string
		switch end := strings.IndexByte(s[1:], '"') + 1; {
		case s[0] != '"':
			f, s, _ = strings.Cut(s, " ")
			t = append(t, f)
			continue
		case end > 0 && strings.IndexByte(s[1:end], '\\') < 0:
			f, s = s[1:end], s[end+1:]
		default:
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, err
			}
			f, _ = strconv.Unquote(q)
			s = s[len(q):]
		}
		if s != "" && s[0] != ' ' {
			return nil, errors.New("no space after a quoted field")
		}
		t, s = append(t, f), strings.TrimPrefix(s, " ")
	}
	return t, nil
}

// pairs reads tokens as keys, each followed by its value.
func pairs(t []string) (map[string]string, error) {
	if len(t)%2 != 0 {
		return nil, errors.New("a key without a value")
	}
	kv := make(map[string]string, len(t)/2)
	for i := 0; i < len(t); i += 2 {
		kv[t[i]] = t[i+1]
	}
	return kv, nil
}

// write records what Apply will change, the Adds whose Plan found a change
// to make, and makes the journal durable. The lines of the links are made
// in parallel, a range of Adds each, then joined in Add order; the parents
// Apply will make follow them.
func (j *journal) write(s *batchState) error {
	wd, _ := os.Getwd()
	parts := make([][]byte, max(1, min(runtime.GOMAXPROCS(0), s.links.n/1024)))
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			from, to := k*s.links.n/len(parts), (k+1)*s.links.n/len(parts)
			parts[k] = j.linkLines(s, from, to, wd)
		})
	}
	wg.Wait()
	head := append(append([]byte(journalMagic+"\nid "), s.id...), '\n')
	tail, err := j.parentLines(nil, s, wd)
	if err != nil {
		return err
	}
	sum := crc32.ChecksumIEEE(head)
	for _, p := range append(parts, tail) {
		sum = crc32.Update(sum, crc32.IEEETable, p)
	}
	end := append(strconv.AppendUint([]byte("end "), uint64(sum), 16), '\n')
	j.id = s.id
	return j.rewrite(slices.Concat([][]byte{head}, parts, [][]byte{tail, end})...)
}

// journaled reports whether Apply will change the link's dst, and so
// records it.
func (l *item) journaled() bool {
	return l.err == nil && (l.res.Action == Created || l.res.Action == Replaced)
}

// linkLines are the lines of the links Adds from to to will change; wd is
// the working directory, which makes their paths absolute.
func (j *journal) linkLines(s *batchState, from, to int, wd string) []byte {
	size := 0 // the lines' length, give or take the quoting of odd bytes
	for i := from; i < to; i++ {
		if l := s.links.at(i); l.journaled() {
			size += 96 + 2*len(l.dst) + len(l.src) + len(l.res.Content)
		}
	}
	b := make([]byte, 0, size)
	for i := from; i < to; i++ {
		l := s.links.at(i)
		if !l.journaled() {
			continue
		}
		c := l.newCall(nil, false, false)
		r := journalLink{index: l.index, replace: l.res.Action == Replaced, src: l.src, dst: absIn(wd, l.dst),
			content: l.res.Content, backup: c.backup, suffix: c.suffix, junction: c.junction}
		if c.rooted {
			r.root, r.dst = absIn(wd, c.root.Name()), l.dst
		}
		b = writeLink(b, r)
	}
	return b
}

// parentLines appends to b the parents Apply will make: those missing now
// above the dsts of WithParents.
func (j *journal) parentLines(b []byte, s *batchState, wd string) ([]byte, error) {
	made := map[journalDir]bool{}
	for i := range s.links.n {
		l := s.links.at(i)
		if !l.journaled() || !l.parents || l.res.Action == Replaced {
			continue
		}
		c := l.newCall(nil, false, false)
		root := ""
		if c.rooted {
			root = absIn(wd, c.root.Name())
		}
		if _, err := c.prepare(); err != nil {
			return nil, err
		}
		missing, err := c.missingParents(c.dstDir())
		c.closeDir()
		if err != nil {
			return nil, err
		}
		for _, d := range missing {
			jd := journalDir{root: root, dir: d}
			if root == "" {
				jd.dir = absIn(wd, d)
			}
			if !made[jd] {
				made[jd] = true
				b = strconv.AppendQuote(append(b, "mkdir root "...), jd.root)
				b = append(strconv.AppendQuote(append(b, " dir "...), jd.dir), '\n')
			}
		}
	}
	return b, nil
}

// absIn is p made absolute from wd, the working directory (when known).
func absIn(wd, p string) string {
	if isRooted(p) || wd == "" {
		return p
	}
	return joinPath(wd, p)
}

func writeLink(b []byte, r journalLink) []byte {
	b = strconv.AppendInt(append(b, "link "...), int64(r.index), 10)
	if r.replace {
		b = append(b, " replace"...)
	} else {
		b = append(b, " create"...)
	}
	b = strconv.AppendQuote(append(b, " src "...), r.src)
	b = strconv.AppendQuote(append(b, " dst "...), r.dst)
	b = strconv.AppendQuote(append(b, " content "...), r.content)
	b = strconv.AppendQuote(append(b, " root "...), r.root)
	if r.backup {
		b = strconv.AppendQuote(append(b, " backup "...), r.suffix)
	}
	if r.junction {
		return append(b, " junction 1\n"...)
	}
	return append(b, " junction 0\n"...)
}

// rewrite replaces the journal's bytes with those of parts, one after
// another, and makes them durable, with the journal's name in its
// directory.
func (j *journal) rewrite(parts ...[]byte) error {
	if err := j.f.Truncate(0); err != nil {
		return err
	}
	var at int64
	for _, p := range parts {
		if _, err := j.f.WriteAt(p, at); err != nil {
			return err
		}
		at += int64(len(p))
	}
	if err := j.f.Sync(); err != nil {
		return err
	}
	return syncDir(parentDir(j.path))
}

// commit records that Apply made every link: from now on a Recover keeps
// them.
func (j *journal) commit() error {
	st, err := j.f.Stat()
	if err != nil {
		return err
	}
	if _, err := j.f.WriteAt([]byte("committed\n"), st.Size()); err != nil {
		return err
	}
	j.committed = true
	return j.f.Sync()
}

// remove removes the journal: the Apply or Recover it recorded is over.
func (j *journal) remove() error {
	if err := os.Remove(j.path); err != nil {
		return err
	}
	return syncDir(parentDir(j.path))
}

// syncDir flushes the directory at the path dir, where the system can.
func syncDir(dir string) error { return syncIn(osTree{}, dir) }

// recover undoes, or with committed finishes, the Apply the journal records,
// then removes the journal, or empties it (keeping it, and its lock, for the
// Apply that recovers first) when remove is false. It returns one *Error with Op "undo" for each
// name it had to leave as another program left it.
func (j *journal) recover(ctx context.Context, remove bool) error {
	if !j.sealed {
		// Empty, or cut short while Apply wrote it, before any change.
		return j.end(remove)
	}
	roots := map[string]*os.Root{}
	defer func() {
		for _, r := range roots {
			r.Close()
		}
	}()
	var errs []error
	touched := map[string]bool{}
	for _, l := range j.links {
		if err := ctx.Err(); err != nil {
			return err
		}
		c := call{src: l.src, dst: l.dst, name: l.dst, content: l.content}
		c.backup, c.suffix, c.junction = l.backup, l.suffix, l.junction
		c.batchID, c.batchIndex = j.id, l.index
		err := j.enter(&c, l.root, roots)
		if err == nil {
			err = c.withDir(func() error { return c.takeBack(!l.replace, j.committed) })
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, &Error{Op: opUndo, Src: l.src, Dst: l.dst, Err: osCause(err)})
		}
		if l.root == "" {
			touched[c.dir()] = true
		}
	}
	if !j.committed {
		// The deepest first: a parent is empty only once its children are
		// gone. One that is not empty holds what another program put there.
		dirs := slices.Clone(j.dirs)
		depth := func(p string) int { return strings.Count(p, "/") + strings.Count(p, `\`) }
		slices.SortStableFunc(dirs, func(a, b journalDir) int { return depth(b.dir) - depth(a.dir) })
		for _, d := range dirs {
			var c call
			if err := j.enter(&c, d.root, roots); err == nil {
				removeDir(c.tree(), d.dir)
			}
			if d.root == "" {
				touched[parentDir(d.dir)] = true
			}
		}
	}
	for dir := range touched {
		syncDir(dir) // best effort: a crash now only repeats the recovery
	}
	if err := j.end(remove); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// cutShort checks a journal whose end line was never written, b: Apply
// makes its journal durable, end line included, before its first change,
// so such a journal records an Apply that changed nothing, unless it was
// cut short since (damaged). The names an Apply makes beside each dst it
// replaces are known from the journal's id: one found beside a dst of
// the complete lines is the mark of the damage, and the journal is then
// ErrInvalid, kept for a person to look at, rather than taken for nothing.
func (j *journal) cutShort(b []byte) error {
	lines := strings.Split(string(b), "\n")
	lines = lines[:len(lines)-1] // the last one may be cut short
	for n, line := range lines {
		if n > 0 && j.parse(n, line) != nil {
			break
		}
	}
	defer func() { j.id, j.links, j.dirs = "", nil, nil }()
	if j.id == "" {
		return nil
	}
	for _, l := range j.links {
		dst := l.dst
		if l.root != "" {
			dst = joinPath(l.root, dst)
		}
		prefix := tempPrefix + tagOf(j.id, l.index)
		for _, kind := range []string{hiddenDst, hiddenBak, tempLink, tempBackup} {
			name := joinPath(parentDir(dst), prefix+kind)
			if _, err := os.Lstat(name); err == nil {
				return damaged("cut short, yet the Apply it records had begun: " + quote(name) + " is one of its names")
			}
		}
	}
	return nil
}

// end ends a recovery: the journal is removed, or emptied.
func (j *journal) end(remove bool) error {
	var err error
	if remove {
		err = j.remove()
	} else {
		err = j.rewrite(nil)
	}
	j.links, j.dirs, j.sealed, j.committed = nil, nil, false, false
	if err != nil {
		return j.fail(err)
	}
	return nil
}

// enter confines c to the root at path, opened once per Recover; with "" it
// leaves c as it is. With c.dst set, it finds dst's place in the root.
func (j *journal) enter(c *call, path string, roots map[string]*os.Root) error {
	if path == "" {
		return nil
	}
	r, ok := roots[path]
	if !ok {
		var err error
		if r, err = os.OpenRoot(path); err != nil {
			return err
		}
		roots[path] = r
	}
	c.rooted, c.root = true, r
	c.in = &inRoot{root: r}
	if c.dst == "" {
		return nil
	}
	return c.rootDst(ErrNotLink)
}
