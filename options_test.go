package symlink_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestWithResult checks what Create reports it did, call after call on one
// link.
func TestWithResult(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	l := filepath.Join(dir, "l")
	writeFile(t, filepath.Join(dir, "file"), "data")
	for _, step := range []struct {
		src  string
		opts []symlink.Option
		want symlink.Result
	}{
		{"a", nil, symlink.Result{Dst: l, Action: symlink.Created, Content: "a"}},
		{"a", []symlink.Option{symlink.WithReplace()}, symlink.Result{Dst: l, Action: symlink.Unchanged, Content: "a"}},
		{"b", []symlink.Option{symlink.WithReplace()}, symlink.Result{Dst: l, Action: symlink.Replaced, Content: "b"}},
		{"c", []symlink.Option{symlink.WithBackup(".old")}, symlink.Result{Dst: l, Action: symlink.Replaced, Content: "c", Backup: l + ".old"}},
		{"c", []symlink.Option{symlink.WithBackup(".old")}, symlink.Result{Dst: l, Action: symlink.Unchanged, Content: "c"}},
		{filepath.Join(dir, "file"), []symlink.Option{symlink.WithReplace(), symlink.WithRelative()}, symlink.Result{Dst: l, Action: symlink.Replaced, Content: "file"}},
	} {
		var got symlink.Result
		if err := symlink.Create(step.src, l, append(step.opts, symlink.WithResult(&got))...); err != nil {
			t.Fatalf("Create(%q) = %v", step.src, err)
		}
		if diff := cmp.Diff(step.want, got); diff != "" {
			t.Errorf("Create(%q): Result (-want +got):\n%s", step.src, diff)
		}
	}
	// A failure leaves the Result as it was.
	kept := symlink.Result{Action: symlink.Unchanged, Content: "kept"}
	got := kept
	if err := symlink.Create("x", l, symlink.WithResult(&got)); !errors.Is(err, symlink.ErrExist) {
		t.Fatalf("Create over an existing link = %v, want ErrExist", err)
	}
	if got != kept {
		t.Errorf("a failed Create changed the Result to %+v", got)
	}
	err := symlink.Create("x", filepath.Join(dir, "m"), symlink.WithResult(nil))
	wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
}

// TestNilOptionIsInvalid: a nil Option fails typed, not with a panic.
func TestNilOptionIsInvalid(t *testing.T) {
	dir := t.TempDir()
	before := snapshot(t, dir)
	err := symlink.Create("x", filepath.Join(dir, "l"), symlink.WithReplace(), nil)
	wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-before +after):\n%s", diff)
	}
}
