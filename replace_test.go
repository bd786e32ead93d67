package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestReplaceRefusesSameFileNamedFromTheWorkingDirectory is GNU ln's rule:
// "ln -sf d/a d" (which makes d/a) must not replace the file d/a by a link
// to itself, because d/a, as the user named it from the working directory,
// is the very file that would be lost.
func TestReplaceRefusesSameFileNamedFromTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	t.Chdir(dir)
	if err := os.Mkdir("d", 0o777); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join("d", "a"), "data")
	before := snapshot(t, dir)
	for _, src := range []string{"d/a", "./d/a", filepath.Join(dir, "d", "a")} {
		err := symlink.Create(filepath.FromSlash(src), filepath.Join("d", "a"), symlink.WithReplace())
		if !errors.Is(err, symlink.ErrInvalid) || !strings.Contains(err.Error(), "same file") {
			t.Errorf("Create(%q, d/a, WithReplace) = %v, want ErrInvalid saying \"same file\"", src, err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-before +after):\n%s", diff)
	}
	// With a backup the file is kept, so the link may be made.
	if err := symlink.Create("d/a", filepath.Join("d", "a"), symlink.WithBackup("")); err != nil {
		t.Errorf("Create(d/a, d/a, WithBackup) = %v, want nil", err)
	}
}

// TestReplaceAllowsAFileWithOtherNames replaces a file that has a second
// hard link by a link to that second name: the data stays reachable, so GNU
// ln makes the link, and so does Create. A link to dst's own name is still
// refused.
func TestReplaceAllowsAFileWithOtherNames(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeFile(t, a, "data")
	if err := os.Link(a, b); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if err := symlink.Create("a", a, symlink.WithReplace()); !errors.Is(err, symlink.ErrInvalid) {
		t.Errorf("Create(a, a, WithReplace) with a second name b = %v, want ErrInvalid", err)
	}
	if err := symlink.Create("b", a, symlink.WithReplace()); err != nil {
		t.Fatalf("Create(b, a, WithReplace) = %v, want nil", err)
	}
	want := map[string]entry{".": {Type: "dir"}, "a": {Type: "link", Content: "b"}, "b": {Type: "file", Content: "data"}}
	if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
}

// TestBackupSuffixDot makes "l." as the backup, as GNU ln -S . does.
func TestBackupSuffixDot(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	l := filepath.Join(dir, "l")
	mustCreate(t, "old", l)
	if err := symlink.Create("new", l, symlink.WithBackup(".")); err != nil {
		t.Fatalf("Create(WithBackup(\".\")) = %v, want nil", err)
	}
	want := map[string]entry{".": {Type: "dir"}, "l": {Type: "link", Content: "new"}, "l.": {Type: "link", Content: "old"}}
	if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
}
