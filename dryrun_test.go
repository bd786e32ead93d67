package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// dryRunCase is one situation in which a dry run must foresee what the
// real call does.
type dryRunCase struct {
	name  string
	setup func(t *testing.T, dir string)
	src   string
	dst   string
	opts  []symlink.Option
}

// dryRunCases covers every check Create makes before it writes.
func dryRunCases() []dryRunCase {
	link := func(content, name string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			mustCreate(t, content, filepath.Join(dir, name))
		}
	}
	file := func(name string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, name), "data") }
	}
	mkdir := func(name string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, name), 0o777); err != nil {
				t.Fatal(err)
			}
		}
	}
	replace, backup, parents := symlink.WithReplace(), symlink.WithBackup(""), symlink.WithParents()
	return []dryRunCase{
		{name: "new", src: "x", dst: "l"},
		{name: "taken", setup: link("old", "l"), src: "x", dst: "l"},
		{name: "taken by a file", setup: file("l"), src: "x", dst: "l"},
		{name: "replace a link", setup: link("old", "l"), src: "x", dst: "l", opts: []symlink.Option{replace}},
		{name: "already right", setup: link("x", "l"), src: "x", dst: "l", opts: []symlink.Option{replace}},
		{name: "replace a file", setup: file("l"), src: "x", dst: "l", opts: []symlink.Option{replace}},
		{name: "replace nothing", src: "x", dst: "l", opts: []symlink.Option{replace}},
		{name: "directory in the way", setup: mkdir("l"), src: "x", dst: "l", opts: []symlink.Option{replace}},
		{name: "same file", setup: file("l"), src: "l", dst: "l", opts: []symlink.Option{replace}},
		{name: "backup", setup: link("old", "l"), src: "x", dst: "l", opts: []symlink.Option{backup}},
		{name: "backup of nothing", src: "x", dst: "l", opts: []symlink.Option{backup}},
		{name: "backup name is a directory", setup: func(t *testing.T, dir string) {
			link("old", "l")(t, dir)
			mkdir("l~")(t, dir)
		}, src: "x", dst: "l", opts: []symlink.Option{backup}},
		{name: "backup name too long", setup: file(strings.Repeat("y", 254)), src: "x", dst: strings.Repeat("y", 254),
			opts: []symlink.Option{symlink.WithBackup(".orig")}},
		{name: "missing parent", src: "x", dst: "a/b/l"},
		{name: "parents under a link to nothing", setup: link("nowhere", "dang"), src: "x", dst: "dang/a/l", opts: []symlink.Option{parents}},
		{name: "parent a link to nothing", setup: link("nowhere", "dang"), src: "x", dst: "dang/l", opts: []symlink.Option{parents, replace}},
		{name: "parents", src: "x", dst: "a/b/l", opts: []symlink.Option{parents}},
		{name: "parent is a file", setup: file("f"), src: "x", dst: "f/l", opts: []symlink.Option{parents}},
		{name: "target must exist", src: "missing", dst: "l", opts: []symlink.Option{symlink.WithTargetMustExist()}},
		{name: "kind", setup: mkdir("d"), src: "d", dst: "l", opts: []symlink.Option{symlink.WithKind(symlink.KindFile)}},
		{name: "relative", setup: mkdir("a/b"), src: "a/b", dst: "a/l", opts: []symlink.Option{symlink.WithRelative()}},
		{name: "sync", src: "x", dst: "l", opts: []symlink.Option{symlink.WithSync()}},
	}
}

// TestDryRunForeseesTheRealCall runs each case as a dry run on one copy of
// a tree and for real on another: the error (its Op and what errors.Is
// answers) and the Result must be the same, and the dry run must leave its
// tree as it was.
func TestDryRunForeseesTheRealCall(t *testing.T) {
	for _, tc := range dryRunCases() {
		t.Run(tc.name, func(t *testing.T) { compareDryRun(t, "", "", tc) })
	}
}

// compareDryRun runs tc as a dry run in the directory dry and for real in
// real (new temporary directories where "").
func compareDryRun(t *testing.T, dry, real string, tc dryRunCase) {
	t.Helper()
	for _, d := range []*string{&dry, &real} {
		if *d == "" {
			*d = t.TempDir()
			linksOrSkip(t, *d)
		}
	}
	if tc.setup != nil {
		tc.setup(t, dry)
		tc.setup(t, real)
	}
	t.Chdir(dry)
	before := snapshot(t, dry)
	var dryRes, realRes symlink.Result
	dryErr := symlink.Create(tc.src, filepath.Join(dry, tc.dst), append(slices.Clone(tc.opts), symlink.WithDryRun(), symlink.WithResult(&dryRes))...)
	if diff := cmp.Diff(before, snapshot(t, dry)); diff != "" {
		t.Errorf("the dry run changed the tree (-before +after):\n%s", diff)
	}
	t.Chdir(real)
	realErr := symlink.Create(tc.src, filepath.Join(real, tc.dst), append(slices.Clone(tc.opts), symlink.WithResult(&realRes))...)
	if (dryErr == nil) != (realErr == nil) {
		t.Fatalf("dry run: %v; real call: %v", dryErr, realErr)
	}
	if realErr != nil {
		var d, r *symlink.Error
		errors.As(dryErr, &d)
		errors.As(realErr, &r)
		if d == nil || r == nil || d.Op != r.Op || !cmp.Equal(isSet(dryErr), isSet(realErr)) {
			t.Errorf("dry run: %v (is %v); real call: %v (is %v)", dryErr, isSet(dryErr), realErr, isSet(realErr))
		}
		return
	}
	realRes.Backup, realRes.Dst = trimBase(realRes.Backup, real), trimBase(realRes.Dst, real)
	dryRes.Backup, dryRes.Dst = trimBase(dryRes.Backup, dry), trimBase(dryRes.Dst, dry)
	if diff := cmp.Diff(realRes, dryRes); diff != "" {
		t.Errorf("Result (-real +dry run):\n%s", diff)
	}
}

func trimBase(p, base string) string {
	if rel, err := filepath.Rel(base, p); err == nil && p != "" {
		return rel
	}
	return p
}
