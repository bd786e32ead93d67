package symlink_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// sentinels are every error errors.Is is asked about.
var sentinels = map[string]error{
	"ErrExist":              symlink.ErrExist,
	"ErrNotExist":           symlink.ErrNotExist,
	"ErrPermission":         symlink.ErrPermission,
	"ErrPrivilege":          symlink.ErrPrivilege,
	"ErrUnsupported":        symlink.ErrUnsupported,
	"ErrIsDir":              symlink.ErrIsDir,
	"ErrNotDir":             symlink.ErrNotDir,
	"ErrEscapesRoot":        symlink.ErrEscapesRoot,
	"ErrNotLink":            symlink.ErrNotLink,
	"ErrInvalid":            symlink.ErrInvalid,
	"ErrBusy":               symlink.ErrBusy,
	"fs.ErrExist":           fs.ErrExist,
	"fs.ErrNotExist":        fs.ErrNotExist,
	"fs.ErrPermission":      fs.ErrPermission,
	"fs.ErrInvalid":         fs.ErrInvalid,
	"errors.ErrUnsupported": errors.ErrUnsupported,
}

// isSet lists the sentinels err answers errors.Is for, sorted, so that a
// test states the whole answer and cmp.Diff shows any extra or missing one.
func isSet(err error) []string {
	var names []string
	for name, s := range sentinels {
		if errors.Is(err, s) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// wantIs checks that err is an *Error with the given Op and that errors.Is
// answers true for exactly the sentinels in want.
func wantIs(t *testing.T, err error, op string, want ...string) {
	t.Helper()
	var e *symlink.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %#v, want a *symlink.Error", err)
	}
	if e.Op != op {
		t.Errorf("Op = %q, want %q (error: %v)", e.Op, op, err)
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, isSet(err)); diff != "" {
		t.Errorf("errors.Is(%v) answers (-want +got):\n%s", err, diff)
	}
}

func TestErrorTable(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	writeFile(t, filepath.Join(dir, "file"), "x")
	os.Mkdir(filepath.Join(dir, "dir"), 0o777)
	for _, tc := range []struct {
		name     string
		src, dst string
		opts     []symlink.Option
		op       string
		want     []string
	}{
		{"dst exists", "t", "file", nil, "symlink",
			[]string{"ErrExist", "fs.ErrExist"}},
		{"dst is a directory, with WithReplace", "t", "dir", []symlink.Option{symlink.WithReplace()}, "replace",
			[]string{"ErrIsDir", "ErrExist", "fs.ErrExist"}},
		{"parent missing", "t", "missing/link", nil, "symlink",
			[]string{"ErrNotExist", "fs.ErrNotExist"}},
		{"target missing, WithTargetMustExist", "missing", "link", []symlink.Option{symlink.WithTargetMustExist()}, "symlink",
			[]string{"ErrNotExist", "fs.ErrNotExist"}},
		{"a parent is a file", "t", "file/link", nil, "symlink",
			[]string{"ErrNotDir"}},
		{"a parent is a file, WithParents", "t", "file/sub/link", []symlink.Option{symlink.WithParents()}, "mkdir",
			[]string{"ErrNotDir"}},
		{"name too long", "t", strings.Repeat("n", 300), nil, "symlink",
			[]string{"ErrInvalid", "fs.ErrInvalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, dir)
			err := symlink.Create(tc.src, filepath.Join(dir, tc.dst), tc.opts...)
			wantIs(t, err, tc.op, tc.want...)
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("a failed Create changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}

// TestBadInputFailsBeforeAnySystemCall passes arguments that would succeed
// were they not refused first, in a directory where a link could be made.
func TestBadInputFailsBeforeAnySystemCall(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "link")
	for _, tc := range []struct {
		name     string
		src, dst string
		opts     []symlink.Option
	}{
		{"empty src", "", dst, nil},
		{"empty dst", "t", "", nil},
		{"NUL in src", "t\x00x", dst, nil},
		{"NUL in dst", "t", dst + "\x00x", nil},
		{"dst ends in a separator", "t", dst + string(filepath.Separator), []symlink.Option{symlink.WithParents()}},
		{"dst ends in a slash", "t", dst + "/", nil},
		{"unknown kind", "t", dst, []symlink.Option{symlink.WithKind(200)}},
		{"backup suffix with a separator", "t", dst, []symlink.Option{symlink.WithBackup("/x")}},
		{"backup suffix with a NUL", "t", dst, []symlink.Option{symlink.WithBackup("\x00")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := symlink.Create(tc.src, tc.dst, tc.opts...)
			wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
			if diff := cmp.Diff(map[string]entry{".": {Type: "dir"}}, snapshot(t, dir)); diff != "" {
				t.Errorf("tree changed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestErrorIsOnlyForItsCause checks that an *Error built by hand answers for
// its cause and nothing else, so that callers may build their own.
func TestErrorIsOnlyForItsCause(t *testing.T) {
	e := &symlink.Error{Op: "symlink", Src: "a", Dst: "b", Err: symlink.ErrPrivilege}
	if diff := cmp.Diff([]string{"ErrPermission", "ErrPrivilege", "fs.ErrPermission"}, isSet(e)); diff != "" {
		t.Errorf("errors.Is for ErrPrivilege (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ErrUnsupported", "errors.ErrUnsupported"}, isSet(symlink.ErrUnsupported)); diff != "" {
		t.Errorf("errors.Is for ErrUnsupported (-want +got):\n%s", diff)
	}
	if got := (&symlink.Error{Op: "check", Dst: "d", Err: errors.New("boom")}).Error(); got != `check "d": boom` {
		t.Errorf("Error() without Src = %q, want %q", got, `check "d": boom`)
	}
}
