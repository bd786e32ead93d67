package symlink_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

func TestCreateStoresSrcVerbatim(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	writeFile(t, filepath.Join(dir, "file"), "x")
	for _, src := range []string{"file", "./file", "missing/target", filepath.Join(dir, "file"), "..", "a b", "ünïcödé"} {
		dst := filepath.Join(dir, "link")
		if err := symlink.Create(src, dst); err != nil {
			t.Fatalf("Create(%q) = %v, want nil", src, err)
		}
		if got := readlink(t, dst); got != src {
			t.Errorf("link content = %q, want %q", got, src)
		}
		os.Remove(dst)
	}
}

func TestCreateNeverReplacesWithoutOption(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	writeFile(t, filepath.Join(dir, "file"), "keep")
	os.Mkdir(filepath.Join(dir, "dir"), 0o777)
	symlink.Create("old", filepath.Join(dir, "link"))
	symlink.Create("missing", filepath.Join(dir, "dangling"))
	before := snapshot(t, dir)
	for _, name := range []string{"file", "dir", "link", "dangling"} {
		err := symlink.Create("new", filepath.Join(dir, name))
		if !errors.Is(err, symlink.ErrExist) || !errors.Is(err, fs.ErrExist) {
			t.Errorf("Create over %s = %v, want ErrExist and fs.ErrExist", name, err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("a refused Create changed the tree (-before +after):\n%s", diff)
	}
}

// TestCreateIsALock checks that of many Creates of one name exactly one wins,
// which is what makes a plain Create usable as a lock.
func TestCreateIsALock(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "lock")
	const n = 32
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- symlink.Create(strings.Repeat("x", i+1), dst) }()
	}
	won := 0
	for range n {
		err := <-errs
		switch {
		case err == nil:
			won++
		case !errors.Is(err, symlink.ErrExist):
			t.Errorf("losing Create = %v, want ErrExist", err)
		}
	}
	if won != 1 {
		t.Errorf("%d Creates succeeded, want exactly 1", won)
	}
}

func TestReplace(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dst string)
	}{
		{"nothing", func(*testing.T, string) {}},
		{"link", func(t *testing.T, dst string) { mustCreate(t, "old", dst) }},
		{"dangling link", func(t *testing.T, dst string) { mustCreate(t, "missing/target", dst) }},
		{"link loop", func(t *testing.T, dst string) { mustCreate(t, filepath.Base(dst), dst) }},
		{"link to a directory", func(t *testing.T, dst string) { mustCreate(t, ".", dst) }},
		{"file", func(t *testing.T, dst string) { writeFile(t, dst, "old") }},
		{"long link", func(t *testing.T, dst string) { mustCreate(t, strings.Repeat("a/", 1000), dst) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			linksOrSkip(t, dir)
			dst := filepath.Join(dir, "dst")
			tc.setup(t, dst)
			if err := symlink.Create("new", dst, symlink.WithReplace()); err != nil {
				t.Fatalf("Create(WithReplace) over %s = %v, want nil", tc.name, err)
			}
			want := map[string]entry{".": {Type: "dir"}, "dst": {Type: "link", Content: "new"}}
			if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
				t.Errorf("tree after replacing %s (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

func TestReplaceLeavesCorrectLinkUntouched(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "current")
	mustCreate(t, "releases/42", dst)
	before, err := os.Lstat(dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []symlink.Option{symlink.WithReplace(), symlink.WithBackup("")} {
		if err := symlink.Create("releases/42", dst, opt); err != nil {
			t.Fatalf("Create(same content) = %v, want nil", err)
		}
	}
	after, err := os.Lstat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("a link that was already right was replaced; want it untouched")
	}
	if _, err := os.Lstat(dst + "~"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a backup was made of a link that did not change: Lstat = %v", err)
	}
}

func TestReplaceRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "dir")
	os.Mkdir(dst, 0o777)
	writeFile(t, filepath.Join(dst, "data"), "keep")
	before := snapshot(t, dir)
	err := symlink.Create("new", dst, symlink.WithReplace())
	for _, want := range []error{symlink.ErrIsDir, symlink.ErrExist, fs.ErrExist} {
		if !errors.Is(err, want) {
			t.Errorf("Create(WithReplace) over a directory = %v, want errors.Is %v", err, want)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-before +after):\n%s", diff)
	}
}

// TestReplaceRefusesSameFile is GNU ln's "are the same file": replacing a file
// by a link to itself would lose the file.
func TestReplaceRefusesSameFile(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	writeFile(t, filepath.Join(dir, "a"), "precious")
	mustCreate(t, ".", filepath.Join(dir, "here"))
	before := snapshot(t, dir)
	for _, tc := range []struct{ src, dst string }{
		{"a", filepath.Join(dir, "a")},
		{"./a", filepath.Join(dir, "a")},
		{filepath.Join(dir, "a"), filepath.Join(dir, "a")},
		{"a", filepath.Join(dir, "here", "a")},
	} {
		err := symlink.Create(tc.src, tc.dst, symlink.WithReplace())
		if !errors.Is(err, symlink.ErrInvalid) || !strings.Contains(err.Error(), "same file") {
			t.Errorf("Create(%q, %q, WithReplace) = %v, want ErrInvalid saying \"same file\"", tc.src, tc.dst, err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-before +after):\n%s", diff)
	}
}

func TestBackup(t *testing.T) {
	for _, tc := range []struct {
		name, suffix string
		setup        func(t *testing.T, dir string)
		want         map[string]entry
	}{
		{"link", "", func(t *testing.T, dir string) {
			mustCreate(t, "v1", filepath.Join(dir, "dst"))
		}, map[string]entry{"dst~": {"link", "v1"}}},
		{"file", ".orig", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "dst"), "data")
		}, map[string]entry{"dst.orig": {"file", "data"}}},
		{"older backup", "~", func(t *testing.T, dir string) {
			mustCreate(t, "v2", filepath.Join(dir, "dst"))
			mustCreate(t, "v1", filepath.Join(dir, "dst~"))
		}, map[string]entry{"dst~": {"link", "v2"}}},
		{"nothing", "~", func(*testing.T, string) {}, map[string]entry{}},
		{"same file", "~", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "dst"), "self")
		}, map[string]entry{"dst~": {"file", "self"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			linksOrSkip(t, dir)
			tc.setup(t, dir)
			src := "new"
			if tc.name == "same file" {
				src = "dst~" // the backup name: dst's old content stays reachable
			}
			if err := symlink.Create(src, filepath.Join(dir, "dst"), symlink.WithBackup(tc.suffix)); err != nil {
				t.Fatalf("Create(WithBackup(%q)) = %v, want nil", tc.suffix, err)
			}
			tc.want["."] = entry{Type: "dir"}
			tc.want["dst"] = entry{"link", src}
			if diff := cmp.Diff(tc.want, snapshot(t, dir)); diff != "" {
				t.Errorf("tree (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBackupRefusesDirectoryAtBackupName(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "dst")
	mustCreate(t, "v1", dst)
	os.Mkdir(dst+"~", 0o777)
	before := snapshot(t, dir)
	err := symlink.Create("v2", dst, symlink.WithBackup(""))
	var e *symlink.Error
	if !errors.As(err, &e) || e.Op != "backup" {
		t.Fatalf("Create(WithBackup) with a directory at dst~ = %v, want an *Error with Op \"backup\"", err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree changed (-before +after):\n%s", diff)
	}
}

func TestParents(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "a", "b", "c", "link")
	if err := symlink.Create("target", dst); !errors.Is(err, symlink.ErrNotExist) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Create with a missing parent = %v, want ErrNotExist and fs.ErrNotExist", err)
	}
	if err := symlink.Create("target", dst, symlink.WithParents()); err != nil {
		t.Fatalf("Create(WithParents) = %v, want nil", err)
	}
	if got := readlink(t, dst); got != "target" {
		t.Errorf("link content = %q, want %q", got, "target")
	}
	// os.Mkdir with 0777 shows what the umask leaves, without reading it.
	os.Mkdir(filepath.Join(dir, "mkdir"), 0o777)
	want, err := os.Stat(filepath.Join(dir, "mkdir"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a", "a/b", "a/b/c"} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want.Mode() {
			t.Errorf("parent %s: mode %v, want %v (0777 less the umask)", p, fi.Mode(), want.Mode())
		}
	}
}

func TestTargetMustExist(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	os.Mkdir(filepath.Join(dir, "sub"), 0o777)
	writeFile(t, filepath.Join(dir, "file"), "x")
	before := snapshot(t, dir)
	for _, src := range []string{"missing", "file", filepath.Join(dir, "missing")} {
		// "file" is missing as seen from sub/, where the link would be.
		err := symlink.Create(src, filepath.Join(dir, "sub", "link"), symlink.WithTargetMustExist())
		if !errors.Is(err, symlink.ErrNotExist) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Create(%q, WithTargetMustExist) = %v, want ErrNotExist and fs.ErrNotExist", src, err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("a refused Create changed the tree (-before +after):\n%s", diff)
	}
	for _, src := range []string{"../file", filepath.Join(dir, "file"), "..", "../sub"} {
		dst := filepath.Join(dir, "sub", "link")
		if err := symlink.Create(src, dst, symlink.WithTargetMustExist()); err != nil {
			t.Errorf("Create(%q, WithTargetMustExist) = %v, want nil", src, err)
		}
		os.Remove(dst)
	}
}

func TestKind(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	os.Mkdir(filepath.Join(dir, "dir"), 0o777)
	writeFile(t, filepath.Join(dir, "file"), "x")
	for _, tc := range []struct {
		src  string
		kind symlink.Kind
		want error // nil: success
	}{
		{"dir", symlink.KindDir, nil},
		{"file", symlink.KindFile, nil},
		{"missing", symlink.KindDir, nil},
		{"missing", symlink.KindFile, nil},
		{"dir", symlink.KindAuto, nil},
		{"file", symlink.KindAuto, nil},
		{"file", symlink.KindDir, symlink.ErrNotDir},
		{"dir", symlink.KindFile, symlink.ErrIsDir},
		{"missing/", symlink.KindFile, symlink.ErrInvalid},
		{"dir", symlink.Kind(3), symlink.ErrInvalid},
	} {
		dst := filepath.Join(dir, "link")
		err := symlink.Create(tc.src, dst, symlink.WithKind(tc.kind))
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("Create(%q, WithKind(%v)) = %v, want %v", tc.src, tc.kind, err, tc.want)
		}
		_, lerr := os.Lstat(dst)
		if created := lerr == nil; created != (tc.want == nil) {
			t.Errorf("Create(%q, WithKind(%v)): link made = %v, want %v", tc.src, tc.kind, created, tc.want == nil)
		}
		os.Remove(dst)
	}
}

func TestKindString(t *testing.T) {
	got := []string{symlink.KindAuto.String(), symlink.KindFile.String(), symlink.KindDir.String(), symlink.Kind(9).String()}
	want := []string{"auto", "file", "dir", "Kind(9)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kind.String (-want +got):\n%s", diff)
	}
}

func TestSync(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "link")
	for range 2 { // create, then replace
		if err := symlink.Create("target", dst, symlink.WithSync(), symlink.WithReplace()); err != nil {
			t.Fatalf("Create(WithSync) = %v, want nil", err)
		}
	}
	if got := readlink(t, dst); got != "target" {
		t.Errorf("link content = %q, want %q", got, "target")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := symlink.Check(dir); err != nil {
		t.Fatalf("Check(%q) = %v, want nil", dir, err)
	}
	if diff := cmp.Diff(map[string]entry{".": {Type: "dir"}}, snapshot(t, dir)); diff != "" {
		t.Errorf("Check left something behind (-want +got):\n%s", diff)
	}
	err := symlink.Check(filepath.Join(dir, "missing"))
	var e *symlink.Error
	if !errors.As(err, &e) || e.Op != "check" || !errors.Is(err, symlink.ErrNotExist) {
		t.Errorf("Check(missing dir) = %#v, want an *Error with Op \"check\" and ErrNotExist", err)
	}
	if err := symlink.Check(""); !errors.Is(err, symlink.ErrInvalid) {
		t.Errorf("Check(\"\") = %v, want ErrInvalid", err)
	}
}

func mustCreate(t *testing.T, src, dst string, opts ...symlink.Option) {
	t.Helper()
	if err := symlink.Create(src, dst, opts...); err != nil {
		t.Fatal(err)
	}
}
