package symlink_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// rootTree makes dir/root, the root of the tests, and dir/outside, which no
// link made within root may reach. Inside root: a file, a directory, a link
// to the directory, a link out of root (relative and absolute), a link to
// that link, and a link loop.
func rootTree(t *testing.T) (dir, root, outside string) {
	t.Helper()
	dir = t.TempDir()
	linksOrSkip(t, dir)
	root, outside = filepath.Join(dir, "root"), filepath.Join(dir, "outside")
	for _, d := range []string{root, outside, filepath.Join(root, "sub")} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "target"), "in")
	writeFile(t, filepath.Join(root, "sub", "file"), "in sub")
	writeFile(t, filepath.Join(outside, "secret"), "out")
	for _, l := range []struct{ src, dst string }{
		{"sub", "sublink"},
		{"../outside", "out"},
		{outside, "abs-out"},
		{"out", "to-out"},
		{"loop", "loop"},
		{filepath.Join(root, "sub"), "abs-sub"},
	} {
		if err := os.Symlink(l.src, filepath.Join(root, l.dst)); err != nil {
			t.Fatal(err)
		}
	}
	return dir, root, outside
}

func TestWithinRootRefusesEscapes(t *testing.T) {
	dir, root, outside := rootTree(t)
	cases := []struct{ name, src, dst string }{
		{"absolute target", "/etc/passwd", "evil"},
		{"absolute target outside", filepath.Join(outside, "secret"), "evil"},
		{"parent of root", "..", "evil"},
		{"../ chain", "../../../../../../etc/passwd", "evil"},
		{".. above root from a subdirectory", "../../outside", "sub/evil"},
		{".. hidden in the middle", "sub/../../outside", "evil"},
		{"link leading out", "out", "evil"},
		{"link to a link leading out", "to-out", "evil"},
		{"through an absolute link out", "abs-out/secret", "evil"},
		{"through a directory link, then up", "sublink/../../outside", "evil"},
		{"missing element, then up", "missing/../../outside", "evil"},
		{"missing element, then a link out", "missing/../out/secret", "evil"},
		{"link loop", "loop/x", "evil"},
		{"link path with ..", "x", "../evil"},
		{"link path absolute outside", "x", filepath.Join(outside, "evil")},
		{"link parent is a link out", "x", "out/evil"},
		{"link parent is an absolute link out", "x", "abs-out/evil"},
		{"relative from a link's directory", "secret", "out/evil"},
	}
	if runtime.GOOS == "windows" {
		cases = append(cases,
			struct{ name, src, dst string }{`..\ chain`, `..\..\outside`, "evil"},
			struct{ name, src, dst string }{"drive letter", `C:\Windows`, "evil"},
			struct{ name, src, dst string }{"volume-rooted", `\Windows`, "evil"},
		)
	}
	before := snapshot(t, dir)
	for _, tc := range cases {
		for _, opts := range [][]symlink.Option{nil, {symlink.WithReplace()}, {symlink.WithParents()}} {
			err := symlink.Create(tc.src, tc.dst, append(opts, symlink.WithinRoot(root))...)
			if !errors.Is(err, symlink.ErrEscapesRoot) {
				t.Errorf("%s: Create(%q, %q, WithinRoot, %d more options) = %v, want ErrEscapesRoot", tc.name, tc.src, tc.dst, len(opts), err)
			}
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("refused links changed the tree (-before +after):\n%s", diff)
	}
}

func TestWithinRootAllowsLinksThatStayInside(t *testing.T) {
	_, root, outside := rootTree(t)
	cases := []struct {
		name, src, dst string
		opts           []symlink.Option
		want           string // the link's content; "" means src
		at             string // where the link is, if not at dst
	}{
		{"file", "target", "l1", nil, "", ""},
		{"subdirectory file", "sub/file", "l2", nil, "", ""},
		{"down and up", "sub/../target", "l3", nil, "", ""},
		{"dangling inside", "missing/file", "l4", nil, "", ""},
		{"root itself", ".", "l5", nil, "", ""},
		{"up to root from a subdirectory", "../target", "sub/l6", nil, "", ""},
		{"through a directory link", "sublink/file", "l7", nil, "", ""},
		{"up from a directory link", "sublink/../target", "l8", nil, "", ""},
		{"absolute inside", filepath.Join(root, "target"), "l9", nil, "", ""},
		{"absolute link inside", "abs-sub/file", "l10", nil, "", ""},
		{"parents made inside", "../../target", "new/dir/l11", []symlink.Option{symlink.WithParents()}, "", ""},
		{"absolute dst inside", "target", filepath.Join(root, "l12"), nil, "", "l12"},
		{"dst through a directory link", "file", "sublink/l13", nil, "", "sub/l13"},
		{"relative to root", "sub/file", "l14", []symlink.Option{symlink.WithRelative()}, "sub/file", ""},
		{"relative, from a subdirectory", "target", "sub/l15", []symlink.Option{symlink.WithRelative()}, "../target", ""},
		{"relative, through a directory link", "sublink/file", "sublink/l16", []symlink.Option{symlink.WithRelative()}, "file", "sub/l16"},
		{"relative, absolute inside", filepath.Join(root, "sub"), "l17", []symlink.Option{symlink.WithRelative()}, "sub", ""},
		{"must exist", "target", "l18", []symlink.Option{symlink.WithTargetMustExist()}, "", ""},
		{"replace", "sub/file", "l1", []symlink.Option{symlink.WithReplace()}, "", ""},
		{"backup", "target", "l1", []symlink.Option{symlink.WithBackup(".old")}, "", ""},
		{"sync", "target", "l19", []symlink.Option{symlink.WithSync()}, "", ""},
	}
	if runtime.GOOS != "windows" {
		cases = append(cases, struct {
			name, src, dst string
			opts           []symlink.Option
			want, at       string
		}{`a backslash is a name here`, `..\outside`, "l20", nil, "", ""})
	}
	outBefore := snapshot(t, outside)
	for _, tc := range cases {
		err := symlink.Create(tc.src, tc.dst, append(tc.opts, symlink.WithinRoot(root))...)
		if err != nil {
			t.Errorf("%s: Create(%q, %q, WithinRoot) = %v, want nil", tc.name, tc.src, tc.dst, err)
			continue
		}
		at, want := tc.at, tc.want
		if at == "" {
			at = tc.dst
		}
		if want == "" {
			want = tc.src
		}
		if got := readlink(t, filepath.Join(root, at)); got != filepath.FromSlash(want) {
			t.Errorf("%s: link %s holds %q, want %q", tc.name, at, got, want)
		}
	}
	if got := readlink(t, filepath.Join(root, "l1.old")); got != "sub/file" {
		t.Errorf("backup l1.old holds %q, want %q", got, "sub/file")
	}
	if diff := cmp.Diff(outBefore, snapshot(t, outside)); diff != "" {
		t.Errorf("links inside root changed the tree outside (-before +after):\n%s", diff)
	}
}

func TestWithinRootErrors(t *testing.T) {
	_, root, _ := rootTree(t)
	for _, tc := range []struct {
		name, root, src, dst string
		opts                 []symlink.Option
		op                   string
		want                 []string
	}{
		{"missing root", filepath.Join(root, "missing"), "x", "l", nil, "symlink", []string{"ErrNotExist", "fs.ErrNotExist"}},
		{"empty root", "", "x", "l", nil, "symlink", []string{"ErrInvalid", "fs.ErrInvalid"}},
		{"missing parent", root, "x", "missing/l", nil, "symlink", []string{"ErrNotExist", "fs.ErrNotExist"}},
		{"exists", root, "x", "target", nil, "symlink", []string{"ErrExist", "fs.ErrExist"}},
		{"directory", root, "x", "sub", []symlink.Option{symlink.WithReplace()}, "replace", []string{"ErrExist", "ErrIsDir", "fs.ErrExist"}},
		{"target must exist", root, "missing", "l", []symlink.Option{symlink.WithTargetMustExist()}, "symlink", []string{"ErrNotExist", "fs.ErrNotExist"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := symlink.Create(tc.src, tc.dst, append(tc.opts, symlink.WithinRoot(tc.root))...)
			wantIs(t, err, tc.op, tc.want...)
		})
	}
}
