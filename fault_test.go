//go:build unix || windows

package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// A fault is one way for Create to fail part way. Whatever the step, the
// tree must afterwards be exactly as it was: no temporary name, no half-made
// parent, no lost or moved dst.
type fault struct {
	name  string
	setup func(t *testing.T, dir string) // builds the tree; may be nil
	src   string
	dst   string // relative to the tree's directory
	opts  []symlink.Option
	op    string        // the *Error's Op
	is    []string      // the sentinels errors.Is must answer, as wantIs names them
	errno syscall.Errno // the system's error errors.As must reach, or 0
}

// runFault sets up f in dir (a fresh one when dir is ""), runs Create, and
// checks the error and that nothing changed.
func runFault(t *testing.T, dir string, f fault) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
		linksOrSkip(t, dir)
	}
	if f.setup != nil {
		f.setup(t, dir)
	}
	before := snapshot(t, dir)
	err := symlink.Create(f.src, filepath.Join(dir, f.dst), f.opts...)
	if err == nil {
		t.Fatalf("Create(%q, %q) = nil; want an error from step %q", f.src, f.dst, f.op)
	}
	wantIs(t, err, f.op, f.is...)
	if f.errno != 0 {
		var got syscall.Errno
		if !errors.As(err, &got) || got != f.errno {
			t.Errorf("errors.As(%v) reaches errno %d (%v); want the system's error %d (%v)", err, got, got, f.errno, f.errno)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("the failed Create changed the tree; want it unchanged (-before +after):\n%s", shorten(diff))
	}
}

// mkdirs makes the directories names (relative to dir) with a file in each,
// so that a directory cannot be mistaken for an empty one that may be
// removed or renamed over.
func mkdirs(names ...string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		for _, name := range names {
			if err := os.MkdirAll(filepath.Join(dir, name), 0o777); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, name, "keep"), "kept")
		}
	}
}

// oldLink makes "link" a link holding "old", with a file "old" beside it and
// the directories names.
func oldLink(names ...string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		writeFile(t, filepath.Join(dir, "old"), "old content")
		if err := os.Symlink("old", filepath.Join(dir, "link")); err != nil {
			t.Fatal(err)
		}
		mkdirs(names...)(t, dir)
	}
}

// TestFaultsLeaveTheTreeAsItWas covers the failures every system has.
func TestFaultsLeaveTheTreeAsItWas(t *testing.T) {
	notExist := []string{"ErrNotExist", "fs.ErrNotExist"}
	isDir := []string{"ErrExist", "ErrIsDir", "fs.ErrExist"}
	for _, f := range []fault{
		{name: "parent missing", src: "t", dst: "missing/link",
			op: "symlink", is: notExist},
		{name: "parent missing, WithReplace", src: "t", dst: "missing/link",
			opts: []symlink.Option{symlink.WithReplace()}, op: "symlink", is: notExist},
		{name: "parent missing, WithBackup", src: "t", dst: "missing/link",
			opts: []symlink.Option{symlink.WithBackup("")}, op: "symlink", is: notExist},
		{name: "parent missing, WithRelative", src: "t", dst: "missing/link",
			opts: []symlink.Option{symlink.WithRelative()}, op: "symlink", is: notExist},
		{name: "dst a directory, WithReplace", setup: mkdirs("d"), src: "t", dst: "d",
			opts: []symlink.Option{symlink.WithReplace()}, op: "replace", is: isDir},
		{name: "dst a directory, WithBackup", setup: mkdirs("d"), src: "t", dst: "d",
			opts: []symlink.Option{symlink.WithBackup("")}, op: "replace", is: isDir},
		{name: "dst a directory, WithReplace and WithParents", setup: mkdirs("a/d"), src: "t", dst: "a/d",
			opts: []symlink.Option{symlink.WithReplace(), symlink.WithParents()}, op: "replace", is: isDir},
		{name: "backup name a directory", setup: oldLink("link~"), src: "new", dst: "link",
			opts: []symlink.Option{symlink.WithBackup("")}, op: "backup", is: isDir},
		{name: "backup name a directory, custom suffix", setup: oldLink("link.orig"), src: "new", dst: "link",
			opts: []symlink.Option{symlink.WithBackup(".orig")}, op: "backup", is: isDir},
	} {
		t.Run(f.name, func(t *testing.T) { runFault(t, "", f) })
	}
}
