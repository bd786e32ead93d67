package symlink

import (
	"bytes"
	"errors"
	"hash/crc32"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/symlinkgo/symlink/internal/sys"
)

// The ledger of Reconcile: the links it made, with what each holds, and the
// parents it made for them. It is text a person can read, one record a
// line, every path quoted as Go quotes strings so that any name works:
//
//	symlink-ledger 1
//	root "/srv/app"
//	link "/home/u/.bashrc" "dotfiles/.bashrc"
//	dir "/home/u/.config/app"
//	end 5f0e3a1c
//
// The root line is there only with WithinRoot, whose paths are then in the
// root. The end line holds the CRC-32 (IEEE) of every byte before it, so
// that a ledger cut short or edited by hand is recognised. An empty file is
// an empty ledger. The file is replaced whole, atomically, and made durable:
// the new text is written to the ledger's path with ".new" added, then
// renamed over it.

const ledgerMagic = "symlink-ledger 1"

// ledger is one ledger file, opened and locked.
type ledger struct {
	path  string // the file, its link resolved
	given string // the path the caller gave
	f     *os.File
	made  bool   // the file did not exist: this run made it, empty
	raw   []byte // the bytes read
	root  string
	links map[string]string // a link's path -> what it holds
	dirs  map[string]bool   // parents Reconcile made
}

// openLedger opens and locks the ledger at path, and reads it. A missing
// file is made empty unless dryRun is set (then nothing is locked: a dry
// run writes nothing). Another Reconcile holding it is ErrBusy.
func openLedger(path string, dryRun bool) (*ledger, error) {
	if err := validPath("ledger path", path); err != nil {
		return nil, err
	}
	// A link to the ledger's file (kept in a dotfiles repository, say):
	// the file is read, locked and replaced, and the link stays.
	given := path
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if path, err = filepath.EvalSymlinks(path); err != nil {
			return nil, err
		}
	}
	for range 100 { // the ledger replaced between the open and the lock: again
		l := &ledger{path: path, given: given, links: map[string]string{}, dirs: map[string]bool{}}
		// path is the file, resolved above; nothing but a regular file
		// (a device would read as empty, then be renamed over; a FIFO
		// would block).
		flag := os.O_RDWR | os.O_CREATE | sys.NoFollow | sys.NonBlock
		if dryRun {
			flag = os.O_RDONLY | sys.NoFollow | sys.NonBlock
		}
		fi, statErr := os.Lstat(path)
		if statErr == nil && !fi.Mode().IsRegular() {
			return nil, notRegular("ledger", fi)
		}
		f, err := sys.OpenShared(path, flag, 0o644) // renamed over while open and locked
		if dryRun && errors.Is(err, fs.ErrNotExist) {
			return l, nil
		}
		if err != nil {
			return nil, err
		}
		l.f, l.made = f, errors.Is(statErr, fs.ErrNotExist)
		locked, err := sys.TryLock(f)
		if err == nil && !locked {
			err = &reason{msg: "the ledger is in use by another Reconcile", kind: ErrBusy}
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		if fi, err = f.Stat(); err != nil {
			f.Close()
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			return nil, notRegular("ledger", fi)
		}
		if at, err := stillAt(f, path); err != nil || !at {
			f.Close()
			if err != nil {
				return nil, err
			}
			continue
		}
		buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead)) // read once, not grown
		if _, err = buf.ReadFrom(f); err != nil {
			f.Close()
			return nil, err
		}
		l.raw = buf.Bytes()
		if !dryRun {
			os.Remove(l.tempPath()) // left by a run killed while it saved
		}
		return l, nil
	}
	return nil, &reason{msg: "the ledger keeps being replaced by another program", kind: ErrBusy}
}

func (l *ledger) close() {
	if l.f != nil {
		l.f.Close()
	}
}

// damagedLedger is a ledger that cannot be read as one.
func damagedLedger(why string) error {
	return &reason{msg: "damaged or foreign ledger: " + why, kind: ErrInvalid}
}

// parse reads the ledger's records from its bytes.
func (l *ledger) parse() error {
	b := l.raw
	if len(b) == 0 {
		return nil
	}
	if !bytes.HasPrefix(b, []byte(ledgerMagic+"\n")) {
		return damagedLedger("its first line is not " + strconv.Quote(ledgerMagic))
	}
	end := bytes.LastIndex(b, []byte("\nend "))
	if end < 0 || !bytes.HasSuffix(b, []byte("\n")) || bytes.IndexByte(b[end+1:len(b)-1], '\n') >= 0 {
		return damagedLedger("no end line")
	}
	body := b[:end+1]
	sum, err := strconv.ParseUint(string(b[end+len("\nend "):len(b)-1]), 16, 32)
	if err != nil || uint32(sum) != crc32.ChecksumIEEE(body) {
		return damagedLedger("its checksum does not match")
	}
	text := string(body[len(ledgerMagic)+1:]) // one string: the fields are slices of it
	l.links = make(map[string]string, strings.Count(text, "\nlink ")+1)
	var t [4]string // the fields of one record: more is an error
	for line := 2; text != ""; line++ {
		var rec string
		rec, text, _ = strings.Cut(text, "\n")
		if err := l.record(rec, t[:0]); err != nil {
			return damagedLedger("line " + strconv.Itoa(line) + ": " + err.Error())
		}
	}
	return nil
}

// record reads one record; buf holds its fields.
func (l *ledger) record(text string, buf []string) error {
	t, err := tokens(text, buf)
	if err != nil {
		return err
	}
	switch {
	case len(t) == 2 && t[0] == "root":
		l.root = t[1]
	case len(t) == 3 && t[0] == "link":
		if _, dup := l.links[t[1]]; dup {
			return errors.New("link " + quote(t[1]) + " twice")
		}
		l.links[t[1]] = t[2]
	case len(t) == 2 && t[0] == "dir":
		l.dirs[t[1]] = true
	default:
		return errors.New("unknown record")
	}
	return nil
}

// records reports whether the ledger already records exactly root, links
// and dirs: then it need not be written.
func (l *ledger) records(root string, links map[string]string, dirs map[string]bool) bool {
	return len(l.raw) > 0 && l.root == root && maps.Equal(l.links, links) && maps.Equal(l.dirs, dirs) ||
		len(l.raw) == 0 && len(links) == 0 && len(dirs) == 0
}

// encodeLedger is the text of a ledger of root, links and dirs, sorted so
// that the same ledger is always the same bytes. order, if it holds every
// path of links sorted (as a Reconcile of a tree usually has them), spares
// the sort.
func encodeLedger(root string, links map[string]string, dirs map[string]bool, order []string) []byte {
	if len(order) != len(links) || !slices.IsSorted(order) {
		order = slices.Sorted(maps.Keys(links))
	}
	size := len(ledgerMagic) + len(root) + 32
	for _, p := range order {
		size += len(p) + len(links[p]) + 16 // the quotes, the spaces, an escape or two
	}
	b := make([]byte, 0, size)
	b = append(b, ledgerMagic+"\n"...)
	if root != "" {
		b = append(strconv.AppendQuote(append(b, "root "...), root), '\n')
	}
	for _, p := range order {
		b = strconv.AppendQuote(append(b, "link "...), p)
		b = append(strconv.AppendQuote(append(b, ' '), links[p]), '\n')
	}
	for _, d := range slices.Sorted(maps.Keys(dirs)) {
		b = append(strconv.AppendQuote(append(b, "dir "...), d), '\n')
	}
	return append(strconv.AppendUint(append(b, "end "...), uint64(crc32.ChecksumIEEE(b)), 16), '\n')
}

// save replaces the ledger's file with b, atomically: b is written to a
// temporary file beside it, made durable and renamed over it, and the
// directory is flushed.
func (l *ledger) save(b []byte) error {
	tmp := l.tempPath()
	// Made new, never opened through what is there: a link another program
	// put at the name would have the ledger written where it points.
	os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if l.f != nil {
		// The new text keeps the old file's mode and owner: a private
		// ledger stays private, and its user's.
		if old, err := l.f.Stat(); err == nil {
			f.Chmod(old.Mode().Perm())
			keepOwner(f, old)
		}
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = renameOver(tmp, l.path)
	}
	if err != nil && l.f != nil && errors.Is(err, fs.ErrPermission) {
		// Windows without POSIX renames (before 10 1607, FAT, Wine) renames
		// nothing over a file open anywhere: the lock goes for the rename,
		// the last step of the run.
		l.f.Close()
		l.f = nil
		err = renameOver(tmp, l.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	l.raw = b
	return syncDir(parentDir(l.path))
}

// tempPath is where save writes the new ledger before it renames it over
// the old: the ledger's path with ".new" added. Only the holder of the
// lock writes there, and openLedger removes what a killed run left.
func (l *ledger) tempPath() string { return l.path + ".new" }

// unmake removes the empty file openLedger made, when the run writes
// nothing after all.
func (l *ledger) unmake() {
	if l.made && len(l.raw) == 0 {
		os.Remove(l.path)
	}
}
