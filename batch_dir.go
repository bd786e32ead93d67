package symlink

import (
	"io/fs"
	"os"
	"sync"
)

// The directories of a Batch, as its Plan finds them. Plan opens each
// directory of a dst once and works in it by descriptor. A dst of
// WithReplace or WithBackup is read as a link: one read says whether it is
// right, another link, missing or something else. The first time a name must
// be looked up instead (it is missing or not a link, or the Add has neither
// option), the directory is listed, once, and the listing answers for the
// rest: on a tree of new links Plan costs a few system calls per directory,
// on a tree made before one per link.

// dirInfo is one directory as Plan found it: opened once, and listed (its
// entries and their types) the first time a name in it must be looked up
// rather than read as a link. A directory whose dsts are all links already
// (a Batch applied again) is never listed: reading each link is the one
// call its plan needs, where a listing would come on top. Both are done by
// the one goroutine that plans the directory's links.
type dirInfo struct {
	path     string
	once     sync.Once
	file     *os.File    // the directory, opened for listing and reading links
	root     *os.Root    // the directory, opened; nil if it could not be
	stat     fs.FileInfo // of file
	statErr  error
	writeErr error
	listOnce sync.Once
	names    map[string]fs.FileMode // nil until listed, or if it could not be
}

// load opens the directory.
func (d *dirInfo) load() {
	d.once.Do(func() {
		f, err := os.Open(d.path)
		if err != nil {
			d.statErr = err
			return
		}
		if d.stat, d.statErr = f.Stat(); d.statErr != nil {
			f.Close()
			return
		}
		d.file = f
		d.writeErr = writableDir(f, ".")
		if r, err := os.OpenRoot(d.path); err == nil {
			if ri, err := r.Stat("."); err == nil && os.SameFile(ri, d.stat) {
				d.root = r
			} else {
				r.Close() // replaced meanwhile: keep to paths
			}
		}
	})
}

// list lists the opened directory, once.
func (d *dirInfo) list() {
	d.listOnce.Do(func() {
		if d.load(); d.file == nil {
			return
		}
		entries, err := d.file.ReadDir(-1)
		if err != nil {
			return
		}
		d.names = make(map[string]fs.FileMode, len(entries))
		for _, e := range entries {
			d.names[e.Name()] = e.Type()
		}
	})
}

// lookup reports what the listing says of the name at path: its type, or
// known false when the listing cannot answer (the directory could not be
// listed, or path is not in it). A name missing from the listing is
// fs.ErrNotExist. The directory is listed first if it was not yet and
// list is true; otherwise a listing not made yet cannot answer.
func (d *dirInfo) lookup(path string, list bool) (mode fs.FileMode, known bool, err error) {
	if d == nil {
		return 0, false, nil
	}
	i := lastSep(path)
	if i >= 0 && parentDir(path) != d.path {
		return 0, false, nil // a bare name is one in d, opened as c.at
	}
	if list {
		d.list()
	}
	if d.names == nil {
		return 0, false, nil
	}
	mode, ok := d.names[path[i+1:]]
	if !ok {
		return 0, true, &fs.PathError{Op: "lstat", Path: path, Err: fs.ErrNotExist}
	}
	return mode, true, nil
}

// linkDir is the directory opened for reading links, when at is its root.
func (d *dirInfo) linkDir(at *os.Root) *os.File {
	if d.file != nil && at == d.root {
		return d.file
	}
	return nil
}

// writable is what writableDir said of dir, when d is dir and was opened.
func (d *dirInfo) writable(dir string) (known bool, err error) {
	if d.path != dir {
		return false, nil
	}
	if d.load(); d.statErr != nil {
		return false, nil
	}
	return true, d.writeErr
}
