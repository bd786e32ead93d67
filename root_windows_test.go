//go:build windows

package symlink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/symlinkgo/symlink/internal/testutil"
)

// openRoot makes a directory tree for a test and opens it as a root.
func openRoot(t *testing.T) (string, *os.Root) {
	t.Helper()
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return dir, root
}

// TestSystemWithinRootSlashesResolve: an archive's link names use `/`; the
// link made through os.Root holds `\` and resolves, and WithReplace finds
// it already right.
func TestSystemWithinRootSlashesResolve(t *testing.T) {
	dir, root := openRoot(t)
	realLinksOrSkip(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "a", "b"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "b", "f"), []byte("x"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Create("a/b/f", "file", WithinRoot(root)); err != nil {
		t.Fatal(err)
	}
	if got, err := os.Readlink(filepath.Join(dir, "file")); err != nil || got != `a\b\f` {
		t.Errorf(`Readlink = %q, %v; want a\b\f`, got, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "file")); err != nil || string(b) != "x" {
		t.Errorf("reading through the link = %q, %v; want \"x\"", b, err)
	}
	if err := Create("a/b", "dir", WithinRoot(root)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dir", "f")); err != nil {
		t.Errorf("a directory link with / does not resolve: %v", err)
	}
	before, err := os.Lstat(filepath.Join(dir, "dir"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Create("a/b", "dir", WithinRoot(root), WithReplace()); err != nil {
		t.Fatal(err)
	}
	if after, err := os.Lstat(filepath.Join(dir, "dir")); err != nil || !os.SameFile(before, after) {
		t.Errorf("WithReplace of a rooted link already right made a new one: %v", err)
	}
}

// TestSystemWithinRootAbsoluteTargetResolves: os.Root.Symlink stores an
// absolute target as given, where CreateSymbolicLinkW stores the NT form
// (`\??\C:\...`); the link must still lead to its target.
func TestSystemWithinRootAbsoluteTargetResolves(t *testing.T) {
	dir, root := openRoot(t)
	realLinksOrSkip(t, dir)
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("x"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Create(filepath.ToSlash(target), "link", WithinRoot(root)); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "link")); err != nil || string(b) != "x" {
		t.Errorf("reading through a rooted link to %q = %q, %v; want \"x\"", target, b, err)
	}
}

// TestSystemWithinRootRefusesJunctionLeadingOut: a junction inside the root
// that leads out is a link on the way like any other: neither the target
// nor the link may go through it.
func TestSystemWithinRootRefusesJunctionLeadingOut(t *testing.T) {
	dir, root := openRoot(t)
	outside := t.TempDir()
	junction := filepath.Join(dir, "j")
	c := call{src: outside, dst: junction, content: outside}
	if err := c.makeJunction(junction); err != nil {
		testutil.Unavailable(t, "junctions", fmt.Sprintf("junctions unavailable: %v", err))
	}
	if err := Create("j/x", "link", WithinRoot(root)); !errors.Is(err, ErrEscapesRoot) {
		t.Errorf("target through a junction leading out = %v, want ErrEscapesRoot", err)
	}
	if err := Create("x", "j/link", WithinRoot(root)); !errors.Is(err, ErrEscapesRoot) {
		t.Errorf("link through a junction leading out = %v, want ErrEscapesRoot", err)
	}
	if names, _ := os.ReadDir(outside); len(names) != 0 {
		t.Errorf("%d names made outside the root", len(names))
	}
	if _, err := os.Lstat(filepath.Join(dir, "link")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a link was made: %v", err)
	}
}
