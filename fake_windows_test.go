package symlink

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// fakeSystem stands in for Windows: a table of names, and scripted answers
// for the calls whose failures only particular Windows versions, volumes or
// settings produce.
type fakeSystem struct {
	entries map[string]fakeEntry

	symlinkErrs []error // answers of successive CreateSymbolicLinkW calls, then success
	pretend     bool    // CreateSymbolicLinkW succeeds and creates nothing, as on Wine
	reparseErr  error   // answer of a junction's FSCTL_SET_REPARSE_POINT
	renameErr   func(from, to string) error
	posixErr    error  // answer of every rename with POSIX semantics
	linkErr     error  // answer of every CreateHardLinkW of a file
	build       uint32 // the Windows build; 0 is a current one

	root, fsName   string // what volume answers
	remote         bool
	devOn, devKnow bool // what developerMode answers

	calls []string // every call made, in order
}

// fakeEntry is one name: its attributes, what the link holds (a junction's
// reparse data as a string) and its reparse tag. An entry with a reparse
// point and no tag is a symbolic link.
type fakeEntry struct {
	attrs   uint32
	content string
	tag     uint32
}

const (
	attrDir     = windows.FILE_ATTRIBUTE_DIRECTORY
	attrLink    = windows.FILE_ATTRIBUTE_REPARSE_POINT
	attrFile    = windows.FILE_ATTRIBUTE_NORMAL
	attrDirLink = attrDir | attrLink
)

// Reparse tags that are not links, which x/sys/windows does not define.
const (
	tagCloud       = 0x9000101A // IO_REPARSE_TAG_CLOUD_1, a OneDrive placeholder
	tagDedup       = 0x80000013 // IO_REPARSE_TAG_DEDUP
	tagAppExecLink = 0x8000001B // IO_REPARSE_TAG_APPEXECLINK
	tagWCILink     = 0xA0000027 // IO_REPARSE_TAG_WCI_LINK_1, a name surrogate
)

// currentBuild is a Windows 11 build, which every fake is unless told.
const currentBuild = 26100

// use makes f the package's system until the test ends.
func (f *fakeSystem) use(t *testing.T) {
	t.Helper()
	if f.entries == nil {
		f.entries = map[string]fakeEntry{}
	}
	saved := win
	t.Cleanup(func() { win = saved })
	win = system{
		symlink:       f.symlink,
		remove:        f.remove,
		junction:      f.junction,
		attributes:    f.attributes,
		rename:        f.rename,
		renameReplace: f.renameReplace,
		build:         f.windowsBuild,
		volume:        func(string) (string, string, bool) { return f.root, f.fsName, f.remote },
		developerMode: func() (bool, bool) { return f.devOn, f.devKnow },
		disposeEx:     saved.disposeEx,
		hardLink:      f.hardLink,
	}
}

func (f *fakeSystem) windowsBuild() uint32 {
	if f.build == 0 {
		return currentBuild
	}
	return f.build
}

func (f *fakeSystem) log(format string, args ...any) {
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakeSystem) symlink(link, content string, flags uint32) error {
	f.log("symlink %s %#x", link, flags)
	if len(f.symlinkErrs) > 0 {
		err := f.symlinkErrs[0]
		f.symlinkErrs = f.symlinkErrs[1:]
		if err != nil {
			return err
		}
	}
	if _, ok := f.entries[link]; ok {
		return windows.ERROR_ALREADY_EXISTS
	}
	if !f.pretend {
		attrs := uint32(attrLink)
		if flags&windows.SYMBOLIC_LINK_FLAG_DIRECTORY != 0 {
			attrs |= attrDir
		}
		f.entries[link] = fakeEntry{attrs, content, windows.IO_REPARSE_TAG_SYMLINK}
	}
	return nil
}

func (f *fakeSystem) remove(path string) error {
	f.log("remove %s", path)
	if _, ok := f.entries[path]; !ok {
		return windows.ERROR_FILE_NOT_FOUND
	}
	delete(f.entries, path)
	return nil
}

// junction makes a new directory with a mount point, or nothing: a step
// that fails is undone through the handle.
func (f *fakeSystem) junction(path string, data []byte) error {
	f.log("junction %s", path)
	if _, ok := f.entries[path]; ok {
		return windows.ERROR_ALREADY_EXISTS
	}
	if f.reparseErr != nil {
		return f.reparseErr
	}
	f.entries[path] = fakeEntry{attrDirLink, string(data), windows.IO_REPARSE_TAG_MOUNT_POINT}
	return nil
}

func (f *fakeSystem) attributes(path string) (attrs, tag uint32, err error) {
	e, ok := f.entries[path]
	switch {
	case !ok:
		return 0, 0, windows.ERROR_FILE_NOT_FOUND
	case e.attrs&attrLink != 0 && e.tag == 0:
		return e.attrs, windows.IO_REPARSE_TAG_SYMLINK, nil
	}
	return e.attrs, e.tag, nil
}

// renameReplace behaves as a rename with POSIX semantics: it replaces any
// entry but a directory, open or not. An old build refuses the
// IGNORE_READONLY_ATTRIBUTE flag.
func (f *fakeSystem) renameReplace(from, to string, flags uint32) error {
	f.log("renameReplace %s %s %#x", from, to, flags)
	if f.posixErr != nil {
		return f.posixErr
	}
	if flags&windows.FILE_RENAME_IGNORE_READONLY_ATTRIBUTE != 0 && f.windowsBuild() < 17763 {
		return windows.ERROR_INVALID_PARAMETER
	}
	e, ok := f.entries[from]
	if !ok {
		return windows.ERROR_FILE_NOT_FOUND
	}
	if (f.entries[to].attrs|e.attrs)&attrDir != 0 {
		return windows.ERROR_ACCESS_DENIED
	}
	delete(f.entries, from)
	f.entries[to] = e
	return nil
}

// rename behaves as MoveFileExW: nothing is renamed over a directory entry,
// nor a directory entry over anything, and without
// MOVEFILE_REPLACE_EXISTING nothing is renamed over anything.
func (f *fakeSystem) rename(from, to string, flags uint32) error {
	f.log("rename %s %s %#x", from, to, flags)
	if f.renameErr != nil {
		if err := f.renameErr(from, to); err != nil {
			return err
		}
	}
	e, ok := f.entries[from]
	if !ok {
		return windows.ERROR_FILE_NOT_FOUND
	}
	if old, taken := f.entries[to]; taken {
		if flags&windows.MOVEFILE_REPLACE_EXISTING == 0 {
			return windows.ERROR_ALREADY_EXISTS
		}
		if (old.attrs|e.attrs)&attrDir != 0 {
			return windows.ERROR_ACCESS_DENIED
		}
	}
	delete(f.entries, from)
	f.entries[to] = e
	return nil
}

// hardLink is CreateHardLinkW: a directory entry answers ERROR_ACCESS_DENIED,
// as on NTFS.
func (f *fakeSystem) hardLink(old, name string) error {
	f.log("hardlink %s %s", old, name)
	e, ok := f.entries[old]
	switch {
	case !ok:
		return windows.ERROR_FILE_NOT_FOUND
	case e.attrs&attrDir != 0:
		return windows.ERROR_ACCESS_DENIED
	case f.linkErr != nil:
		return f.linkErr
	}
	if _, taken := f.entries[name]; taken {
		return windows.ERROR_ALREADY_EXISTS
	}
	f.entries[name] = e
	return nil
}

// names lists the entries, sorted, with temporary names shown as ".symlink-*".
func (f *fakeSystem) names() []string {
	var s []string
	for name, e := range f.entries {
		if i := strings.Index(name, tempPrefix); i >= 0 {
			name = name[:i] + tempPrefix + "*"
		}
		s = append(s, fmt.Sprintf("%s %#x %q", name, e.attrs, e.content))
	}
	slices.Sort(s)
	return s
}
