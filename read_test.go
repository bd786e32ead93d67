package symlink_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// stored is the Link that Read returns for a link Create made holding
// content, of kind k where the system records one.
func stored(content string, k symlink.Kind) symlink.Link {
	if runtime.GOOS != "windows" {
		k = symlink.KindAuto
	}
	return symlink.Link{Content: filepath.FromSlash(content), Kind: k}
}

func TestReadReturnsTheContentAsStored(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x/", 300) + "end" // past the stack buffer
	cases := []struct {
		name, src string
		kind      symlink.Kind
	}{
		{"relative", "target", symlink.KindFile},
		{"dangling, with ..", "../nowhere/at/all", symlink.KindFile},
		{"absolute", filepath.Join(dir, "d"), symlink.KindDir},
		{"to a directory", "d", symlink.KindDir},
		{"longer than 256 bytes", long, symlink.KindFile},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(dir, "link"+string(rune('a'+i)))
			mustCreate(t, tc.src, dst)
			got, err := symlink.Read(dst)
			if err != nil {
				t.Fatalf("Read = %v", err)
			}
			if diff := cmp.Diff(stored(tc.src, tc.kind), got); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
			if got.Content != readlink(t, dst) {
				t.Errorf("Read = %q, os.Readlink = %q", got.Content, readlink(t, dst))
			}
		})
	}
}

func TestReadOfWhatIsNoLinkIsErrNotLink(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "file"), "data")
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o777); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"file", "dir", "dir/.."} {
		t.Run(name, func(t *testing.T) {
			l, err := symlink.Read(filepath.Join(dir, filepath.FromSlash(name)))
			wantIs(t, err, "read", "ErrNotLink")
			if l != (symlink.Link{}) {
				t.Errorf("Read returned %+v with its error, want the zero Link", l)
			}
		})
	}
}

func TestReadOfAMissingPathIsErrNotExist(t *testing.T) {
	_, err := symlink.Read(filepath.Join(t.TempDir(), "missing"))
	wantIs(t, err, "read", "ErrNotExist", "fs.ErrNotExist")
}

func TestReadRefusesBadArguments(t *testing.T) {
	dir := t.TempDir()
	in := openRoot(t, dir)
	link := filepath.Join(dir, "link")
	cases := []struct {
		name string
		path string
		opts []symlink.Option
	}{
		{"empty path", "", nil},
		{"NUL byte", "li\x00nk", nil},
		{"trailing separator", link + string(filepath.Separator), nil},
		{"WithReplace", link, []symlink.Option{symlink.WithReplace()}},
		{"WithRelative", link, []symlink.Option{symlink.WithRelative()}},
		{"WithSync", link, []symlink.Option{symlink.WithSync()}},
		{"WithKind", link, []symlink.Option{symlink.WithKind(symlink.KindDir)}},
		{"WithKind(KindAuto)", link, []symlink.Option{symlink.WithKind(symlink.KindAuto)}},
		{"nil Option", link, []symlink.Option{nil}},
		{"WithParents with WithinRoot", "link", []symlink.Option{symlink.WithinRoot(in), symlink.WithParents()}},
		{"nil root", "link", []symlink.Option{symlink.WithinRoot(nil)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := symlink.Read(tc.path, tc.opts...)
			wantIs(t, err, "read", "ErrInvalid", "fs.ErrInvalid")
		})
	}
}

func TestReadWithinRootReadsThroughTheRoot(t *testing.T) {
	_, root, _ := rootTree(t)
	in := openRoot(t, root)
	for _, tc := range []struct{ path, want string }{
		{"sublink", "sub"},
		{"out", "../outside"}, // a link that leads out is still read
		{filepath.Join(root, "abs-out"), filepath.Dir(root) + string(filepath.Separator) + "outside"},
		{filepath.FromSlash("sublink/../to-out"), "out"}, // not Join, which cleans
	} {
		got, err := symlink.Read(tc.path, symlink.WithinRoot(in))
		if err != nil {
			t.Errorf("Read(%q) within root = %v", tc.path, err)
			continue
		}
		if got.Content != filepath.FromSlash(tc.want) {
			t.Errorf("Read(%q) within root = %q, want %q", tc.path, got.Content, tc.want)
		}
	}
}

func TestReadWithinRootOfADirectoryIsErrNotLink(t *testing.T) {
	dir := t.TempDir()
	in := openRoot(t, dir)
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o777); err != nil {
		t.Fatal(err)
	}
	sep := string(filepath.Separator)
	for _, p := range []string{dir, ".", "sub" + sep + "..", dir + sep + "."} {
		_, err := symlink.Read(p, symlink.WithinRoot(in))
		wantIs(t, err, "read", "ErrNotLink")
		err = symlink.Remove("x", p, symlink.WithinRoot(in))
		wantIs(t, err, "remove", "ErrNotLink")
	}
}

// TestReadAndRemoveWithinRootClimbOnlyFromDirectories: a ".." in dst
// goes back up from a directory, as the system reads it; right after a
// name that does not exist or a file, the path fails as it would without
// the root, and nothing is removed.
func TestReadAndRemoveWithinRootClimbOnlyFromDirectories(t *testing.T) {
	_, root, _ := rootTree(t)
	in := openRoot(t, root)
	before := snapshot(t, root)
	for _, tc := range []struct {
		path string
		is   []string
	}{
		{"missing/../sublink", []string{"ErrNotExist", "fs.ErrNotExist"}},
		{"target/../sublink", []string{"ErrNotDir"}},
		{"sub/file/../../sublink", []string{"ErrNotDir"}},
	} {
		tc.path = filepath.FromSlash(tc.path) // not Join, which would clean it
		_, err := symlink.Read(tc.path, symlink.WithinRoot(in))
		wantIs(t, err, "read", tc.is...)
		err = symlink.Remove("sub", tc.path, symlink.WithinRoot(in))
		wantIs(t, err, "remove", tc.is...)
	}
	if diff := cmp.Diff(before, snapshot(t, root)); diff != "" {
		t.Errorf("the tree changed (-before +after):\n%s", diff)
	}
	if l, err := symlink.Read(filepath.FromSlash("sub/../sublink"), symlink.WithinRoot(in)); err != nil || l.Content != "sub" {
		t.Errorf("Read(sub/../sublink) = %+v, %v; want the link", l, err)
	}
}

func TestReadWithinRootRefusesPathsOutside(t *testing.T) {
	dir, root, outside := rootTree(t)
	if err := os.Symlink("secret", filepath.Join(outside, "link")); err != nil {
		t.Fatal(err)
	}
	in := openRoot(t, root)
	for _, p := range []string{
		filepath.Join(outside, "link"),          // absolute, outside
		filepath.Join("..", "outside", "link"),  // climbs out
		filepath.Join("out", "link"),            // through a link that leads out
		filepath.Join("abs-out", "link"),        // through an absolute one
		filepath.Join(dir, "root2", "whatever"), // a sibling sharing the prefix
	} {
		_, err := symlink.Read(p, symlink.WithinRoot(in))
		wantIs(t, err, "read", "ErrEscapesRoot")
	}
}
