package symlink_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// removeCase is a link Create made and the Remove that undoes it: the same
// src, dst and options.
type removeCase struct {
	name     string
	src, dst string // dst relative to the test's directory, which is the root
	relative bool
	sync     bool
	root     bool
	absolute bool // give dst as an absolute path
}

func (rc removeCase) args(dir string, in *os.Root) (src, dst string, opts []symlink.Option) {
	src, dst = filepath.FromSlash(rc.src), filepath.FromSlash(rc.dst)
	if rc.absolute || !rc.root {
		dst = filepath.Join(dir, dst)
	}
	if rc.relative {
		opts = append(opts, symlink.WithRelative())
	}
	if rc.sync {
		opts = append(opts, symlink.WithSync())
	}
	if rc.root {
		opts = append(opts, symlink.WithinRoot(in))
	}
	return src, dst, opts
}

func TestRemoveUndoesCreate(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	for _, d := range []string{"a/b", "t"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "t", "file"), "target")
	if err := os.Symlink(filepath.Join("a", "b"), filepath.Join(dir, "ab")); err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	cases := []removeCase{
		{name: "plain", src: "../t/file", dst: "a/link"},
		{name: "dangling", src: "missing", dst: "link"},
		{name: "to a directory", src: "t", dst: "link"},
		{name: "absolute", src: abs("t/file"), dst: "link"},
		{name: "WithRelative", src: abs("t/file"), dst: "a/b/link", relative: true},
		{name: "WithRelative through a linked parent", src: abs("t"), dst: "ab/link", relative: true},
		{name: "WithSync", src: "t/file", dst: "a/link", sync: true},
		{name: "WithinRoot", src: "../t/file", dst: "a/link", root: true},
		{name: "WithinRoot, WithRelative", src: "t/file", dst: "ab/link", root: true, relative: true},
		{name: "WithinRoot, WithSync, absolute dst", src: "t", dst: "a/link", root: true, sync: true, absolute: true},
	}
	in := openRoot(t, dir)
	before := snapshot(t, dir)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src, dst, opts := tc.args(dir, in)
			if err := symlink.Create(src, dst, opts...); err != nil {
				t.Fatalf("Create = %v", err)
			}
			if err := symlink.Remove(src, dst, opts...); err != nil {
				t.Fatalf("Remove after Create = %v", err)
			}
			if _, err := os.Lstat(abs(tc.dst)); !os.IsNotExist(err) {
				t.Errorf("the link is still there after Remove (Lstat: %v)", err)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Create then Remove left the tree changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestRemoveLeavesWhatIsNotTheLinkAskedFor(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "file"), "user data")
	for _, d := range []string{"dir/sub", "empty"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "dir", "sub", "f"), "more user data")
	cases := []struct{ name, src, dst string }{
		{"a file", "file", "file"},
		{"a directory", "dir", "dir"},
		{"an empty directory", "empty", "empty"},
		{"the directory above", "x", "dir/sub/.."},
	}
	if symlink.Check(dir) == nil {
		for _, l := range []struct{ src, dst string }{{"elsewhere", "other"}, {"dir", "todir"}, {"file", "tofile"}} {
			mustCreate(t, l.src, filepath.Join(dir, l.dst))
		}
		cases = append(cases, []struct{ name, src, dst string }{
			{"a link holding other content", "file", "other"},
			{"a link holding a longer content", "elsewhere/and/further", "other"},
			{"a link holding a shorter content", "else", "other"},
			{"a link to a directory, src naming what it points to", "dir/", "todir"},
			{"a link to a file, src its absolute path", filepath.Join(dir, "file"), "tofile"},
		}...)
	}
	before := snapshot(t, dir)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := symlink.Remove(filepath.FromSlash(tc.src), filepath.Join(dir, filepath.FromSlash(tc.dst)))
			wantIs(t, err, "remove", "ErrNotLink")
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Remove changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRemoveSaysWhatTheLinkHolds: the error for a link holding other
// content quotes that content, whether it is shorter or longer than src,
// and longer than the buffer a link is first read into.
func TestRemoveSaysWhatTheLinkHolds(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	long := strings.Repeat("long/", 100)
	for _, tc := range []struct{ holds, src string }{
		{"elsewhere", "else"},
		{"else", "elsewhere"},
		{long + "x", long},
		{long, long + "x"},
	} {
		link := filepath.Join(dir, "l")
		os.Remove(link)
		mustCreate(t, tc.holds, link)
		err := symlink.Remove(tc.src, link)
		wantIs(t, err, "remove", "ErrNotLink")
		if want := "the link holds " + strconv.Quote(tc.holds) + ", not " + strconv.Quote(tc.src); err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("Remove(%.20q…) = %v; want it to end %.60q…", tc.src, err, want)
		}
	}
}

func TestRemoveOfAMissingLinkIsErrNotExist(t *testing.T) {
	dir := t.TempDir()
	for _, opts := range [][]symlink.Option{nil, {symlink.WithSync()}, {symlink.WithinRoot(openRoot(t, dir))}} {
		err := symlink.Remove("target", filepath.Join(dir, "missing"), opts...)
		wantIs(t, err, "remove", "ErrNotExist", "fs.ErrNotExist")
	}
}

func TestRemoveDoesNotFollowTheLink(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "d", "sub"), 0o777); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "d", "sub", "f"), "kept")
	before := snapshot(t, dir)
	link := filepath.Join(dir, "link")
	mustCreate(t, "d", link, symlink.WithKind(symlink.KindDir))
	if err := symlink.Remove("d", link); err != nil {
		t.Fatalf("Remove = %v", err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Remove of a link to a directory touched the directory (-before +after):\n%s", diff)
	}
}

func TestRemoveRefusesBadArguments(t *testing.T) {
	dir := t.TempDir()
	in := openRoot(t, dir)
	link := filepath.Join(dir, "link")
	withLinks := symlink.Check(dir) == nil
	if withLinks {
		if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, "d", link, symlink.WithKind(symlink.KindDir))
	}
	before := snapshot(t, dir)
	cases := []struct {
		name     string
		src, dst string
		opts     []symlink.Option
	}{
		{"empty src", "", link, nil},
		{"empty dst", "d", "", nil},
		{"NUL byte", "d", link + "\x00", nil},
		{"dst ending in a separator", "d", link + string(filepath.Separator), nil},
		{"WithReplace", "d", link, []symlink.Option{symlink.WithReplace()}},
		{"WithBackup", "d", link, []symlink.Option{symlink.WithBackup("")}},
		{"WithParents", "d", link, []symlink.Option{symlink.WithParents()}},
		{"WithTargetMustExist", "d", link, []symlink.Option{symlink.WithTargetMustExist()}},
		{"WithKind", "d", link, []symlink.Option{symlink.WithKind(symlink.KindDir)}},
		{"WithKind(KindAuto)", "d", link, []symlink.Option{symlink.WithKind(symlink.KindAuto)}},
		{"nil Option", "d", link, []symlink.Option{nil}},
		{"WithJunctionFallback", "d", link, []symlink.Option{symlink.WithJunctionFallback()}},
		{"nil root", "d", "link", []symlink.Option{symlink.WithinRoot(nil)}},
		{"WithReplace with WithinRoot", "d", "link", []symlink.Option{symlink.WithinRoot(in), symlink.WithReplace()}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := symlink.Remove(tc.src, tc.dst, tc.opts...)
			wantIs(t, err, "remove", "ErrInvalid", "fs.ErrInvalid")
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("a refused Remove changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}

func TestRemoveWithinRootRefusesDstOutside(t *testing.T) {
	dir, root, outside := rootTree(t)
	if err := os.Symlink("secret", filepath.Join(outside, "link")); err != nil {
		t.Fatal(err)
	}
	in := openRoot(t, root)
	before := snapshot(t, dir)
	for _, dst := range []string{
		filepath.Join(outside, "link"),
		filepath.Join("..", "outside", "link"),
		filepath.Join("out", "link"),
		filepath.Join("abs-out", "link"),
	} {
		err := symlink.Remove("secret", dst, symlink.WithinRoot(in))
		wantIs(t, err, "remove", "ErrEscapesRoot")
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Remove within root changed the tree (-before +after):\n%s", diff)
	}
}

// TestRemoveWithinRootOnlyComparesSrc: a link inside the root that leads out
// is the caller's to remove; src is not judged, as Create would judge it.
func TestRemoveWithinRootOnlyComparesSrc(t *testing.T) {
	_, root, outside := rootTree(t)
	in := openRoot(t, root)
	for _, l := range []struct{ src, dst string }{
		{"../outside", "out"},
		{outside, "abs-out"},
		{"out", "to-out"},
		{"loop", "loop"},
	} {
		if err := symlink.Remove(l.src, l.dst, symlink.WithinRoot(in)); err != nil {
			t.Errorf("Remove(%q, %q) within root = %v, want the link removed", l.src, l.dst, err)
		}
		if _, err := os.Lstat(filepath.Join(root, l.dst)); !os.IsNotExist(err) {
			t.Errorf("%s is still there (Lstat: %v)", l.dst, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
		t.Errorf("what the removed links pointed to is gone: %v", err)
	}
}
