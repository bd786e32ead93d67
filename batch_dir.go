package symlink

import (
	"io/fs"
	"os"
	"runtime"

	"github.com/symlinkgo/symlink/internal/sys"
)

// The directories of a Batch. Each is opened by the one goroutine that works
// in it, and closed when that goroutine is done with it, in Plan and again in
// Apply: a Batch keeps at most one descriptor per directory, and no more
// directories open than it works in at once, whatever its size.
//
// Plan opens the directory as a file. A dst of WithReplace or WithBackup is
// read as a link through it: one read says whether it is right, another
// link, missing or something else. The first time a name must be looked up
// instead (it is missing or not a link, or the Add has neither option), the
// directory is listed, once, and the listing answers for the rest: on a tree
// of new links Plan costs a few system calls per directory, on a tree made
// before one per link. Apply opens the directory as an os.Root and makes the
// links in it by descriptor (on Unix; Windows makes them by path, through the
// same steps as Create). A link whose name Plan found free is one
// symlinkat(2) on the directory opened as a file, where the system offers
// it: os.Root's Symlink walks the name as a path first, a fifth of the time
// a new link takes. The root is then opened only for the other links.

// byDescriptor is whether Apply works in a directory by its descriptor.
const byDescriptor = runtime.GOOS != "windows"

// dirInfo is one directory of a Batch.
type dirInfo struct {
	path     string
	opened   bool        // Plan tried to open file
	file     *os.File    // Plan's: the directory, for listing and reading links
	stat     fs.FileInfo // the directory as Plan found it: kept for refuseAliases
	below    string      // when stat is a directory above it: the path from there (see findDir)
	writeErr error       // what writableDir said of it
	listed   bool
	names    map[string]fs.FileMode // nil until listed, or if it could not be
	rootOpen bool                   // Apply tried to open root
	root     *os.Root               // Apply's: the directory, if it is still the one Plan found
	freeOpen bool                   // Apply tried to open free
	free     *os.File               // Apply's: the directory, for the links Plan found free
	calls    applied                // the options of its last call, applied
}

// load opens the directory for Plan. One that cannot be opened (a missing
// parent is for the link's own plan to report) is still described when it
// can be, so that refuseAliases does not depend on free descriptors.
func (d *dirInfo) load() {
	if d.opened {
		return
	}
	d.opened = true
	f, err := sys.OpenDir(d.path)
	if err != nil {
		d.stat, _ = os.Stat(d.path)
		return
	}
	if d.stat, err = f.Stat(); err != nil {
		f.Close()
		return
	}
	d.file = f
	d.writeErr = writableDir(f, ".")
}

// list lists the opened directory, once.
func (d *dirInfo) list() {
	if d.listed {
		return
	}
	d.listed = true
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
}

// openRoot opens the directory for Apply: nil where Apply works by path, or
// where it cannot be opened (the link's own steps then report why). The
// directory opened is the one the path names now, as a path would reach
// it: each link's steps look again at what they change.
func (d *dirInfo) openRoot() *os.Root {
	if d.rootOpen || !byDescriptor {
		return d.root
	}
	d.rootOpen = true
	d.root, _ = os.OpenRoot(d.path)
	return d.root
}

// openFree opens the directory for Apply's links whose names Plan found
// free: nil where sys.Symlinkat cannot make them, or where it cannot be
// opened (the root is then tried).
func (d *dirInfo) openFree() *os.File {
	if d.freeOpen || !byDescriptor || !sys.HasSymlinkat {
		return d.free
	}
	d.freeOpen = true
	d.free, _ = sys.OpenDir(d.path)
	return d.free
}

// close closes what is open, and forgets the listing: its goroutine is done
// with the directory.
func (d *dirInfo) close() {
	if d.file != nil {
		d.file.Close()
	}
	if d.root != nil {
		d.root.Close()
	}
	if d.free != nil {
		d.free.Close()
	}
	*d = dirInfo{path: d.path, stat: d.stat, below: d.below, writeErr: d.writeErr}
}

// lookup reports what the listing says of the name at path: its type, or
// known false when the listing cannot answer (the directory could not be
// listed, or path is not in it). A name missing from the listing is
// fs.ErrNotExist. The directory is listed first if it was not yet and
// list is true; otherwise a listing not made yet cannot answer.
func (d *dirInfo) lookup(path string, list bool) (mode fs.FileMode, known bool, err error) {
	name, ok := d.base(path)
	if !ok || len(name) > maxListedName {
		return 0, false, nil // a name too long for any directory: the system says why
	}
	if list {
		d.list()
	}
	if d.names == nil {
		return 0, false, nil
	}
	mode, ok = d.names[name]
	if !ok {
		return 0, true, errListedMissing
	}
	return mode, true, nil
}

// maxListedName is the longest name, in bytes, that a listing answers for:
// NAME_MAX on the systems with a limit in bytes. A longer one (a backup
// name with its suffix, say) is looked up, and the system says whether it
// is too long.
const maxListedName = 255

// errListedMissing is lookup's answer for a name the listing does not hold.
// The dry run only asks errors.Is of it, and a hundred thousand new names
// need no error of their own.
var errListedMissing error = &fs.PathError{Op: "lstat", Err: fs.ErrNotExist}

// base is the name of path in d, if path is in d.
func (d *dirInfo) base(path string) (string, bool) {
	i := lastSep(path)
	if i >= 0 && parentDir(path) != d.path {
		return "", false
	}
	return path[i+1:], true
}

// linkDir is the directory opened for reading links, and path's name in it.
func (d *dirInfo) linkDir(path string) (*os.File, string) {
	name, ok := d.base(path)
	if !ok || d.file == nil {
		return nil, ""
	}
	return d.file, name
}

// writable is what writableDir said of dir, when d is dir and was opened.
func (d *dirInfo) writable(dir string) (known bool, err error) {
	if d.path != dir {
		return false, nil
	}
	if d.load(); d.file == nil {
		return false, nil
	}
	return true, d.writeErr
}
