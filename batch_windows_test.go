package symlink_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// batchLinks makes, in a new directory, the targets d1, d2 (directories)
// and f (a file), and x/dl, a directory link to ../d1, and x/fl, a file
// link to ../f.
func batchLinks(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	linksOrSkip(t, dir)
	for _, d := range []string{"d1", "d2", "x", "z"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "f"), "data")
	mustCreate(t, `..\d1`, filepath.Join(dir, "x", "dl"), symlink.WithKind(symlink.KindDir))
	mustCreate(t, `..\f`, filepath.Join(dir, "x", "fl"), symlink.WithKind(symlink.KindFile))
	return dir
}

// isDirLink reports whether the link at p leads to a directory.
func isDirLink(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// TestSystemBatchDirectoryLinks: a Batch makes and replaces directory and
// file links on NTFS through the same steps as Create (kind, verify), and
// keeps what it replaces for the undo although Windows makes no hard link
// of a directory link: nothing hidden is left after it.
func TestSystemBatchDirectoryLinks(t *testing.T) {
	dir := batchLinks(t)
	x := filepath.Join(dir, "x")
	var b symlink.Batch
	b.Add(`..\d2`, filepath.Join(x, "dl"), symlink.WithKind(symlink.KindDir), symlink.WithReplace())
	b.Add(`..\d2`, filepath.Join(x, "fl"), symlink.WithReplace()) // a directory link now
	b.Add(`..\d1`, filepath.Join(x, "new-dl"))
	b.Add(`..\f`, filepath.Join(x, "new-fl"))
	res, err := b.Apply(context.Background())
	if err != nil {
		t.Fatalf("Apply = %v", err)
	}
	want := []symlink.Action{symlink.Replaced, symlink.Replaced, symlink.Created, symlink.Created}
	for i, r := range res {
		if r.Action != want[i] {
			t.Errorf("Result %d = %+v, want %v", i, r, want[i])
		}
	}
	for name, content := range map[string]string{"dl": `..\d2`, "fl": `..\d2`, "new-dl": `..\d1`, "new-fl": `..\f`} {
		p := filepath.Join(x, name)
		if got, err := os.Readlink(p); err != nil || got != content {
			t.Errorf("%s holds %q, %v; want %q", name, got, err, content)
		}
		if wantDir := name != "new-fl"; isDirLink(p) != wantDir {
			t.Errorf("%s leads to a directory: %v, want %v", name, !wantDir, wantDir)
		}
	}
	if names := tempNames(t, dir); len(names) != 0 {
		t.Errorf("left behind: %q", names)
	}
}

// TestSystemBatchUndoesDirectoryLinks: an Apply cancelled after it replaced
// a directory link and a file link puts both back as they were, each
// leading where it led.
func TestSystemBatchUndoesDirectoryLinks(t *testing.T) {
	dir := batchLinks(t)
	x := filepath.Join(dir, "x")
	b := new(symlink.Batch)
	b.SetLimit(1)
	b.Add(`..\d2`, filepath.Join(x, "dl"), symlink.WithKind(symlink.KindDir), symlink.WithReplace())
	b.Add(`..\d2`, filepath.Join(x, "fl"), symlink.WithReplace())
	addSlow(b, dir)
	before := snapshot(t, dir)
	err := interrupted(t, b, func() bool { return holds(filepath.Join(x, "fl"), `..\d2`) })
	if u := undoErrors(err); len(u) != 0 {
		t.Errorf("undo errors %v; want none", u)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("after the undo (-want +got):\n%s", shorten(diff))
	}
	if !isDirLink(filepath.Join(x, "dl")) || isDirLink(filepath.Join(x, "fl")) {
		t.Errorf("after the undo, dl leads to a directory: %v, fl: %v; want true, false",
			isDirLink(filepath.Join(x, "dl")), isDirLink(filepath.Join(x, "fl")))
	}
}
