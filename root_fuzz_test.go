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

// FuzzWithinRoot makes links from arbitrary names inside a root that holds
// links out of it, and checks that no link it made leads out: following it
// either fails inside the root or lands inside the root, and nothing changes
// outside.
func FuzzWithinRoot(f *testing.F) {
	for _, seed := range [][2]string{
		{"target", "l"}, {"../outside", "l"}, {"out/secret", "l"}, {"sublink/../..", "l"},
		{"/etc/passwd", "l"}, {"x", "out/l"}, {"x", "sublink/l"}, {"missing/../../x", "a/b"},
	} {
		f.Add(seed[0], seed[1], uint8(0))
	}
	dir := f.TempDir()
	root, outside := filepath.Join(dir, "root"), filepath.Join(dir, "outside")
	if err := os.Mkdir(outside, 0o777); err != nil {
		f.Fatal(err)
	}
	writeFile(f, filepath.Join(outside, "secret"), "out")
	outBefore := snapshot(f, outside)
	f.Fuzz(func(t *testing.T, src, dst string, flags uint8) {
		if err := os.RemoveAll(root); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(root, "sub"), 0o777); err != nil {
			t.Fatal(err)
		}
		linksOrSkip(t, root)
		for _, l := range [][2]string{{"sub", "sublink"}, {"../outside", "out"}, {outside, "abs-out"}, {"out", "to-out"}} {
			if err := os.Symlink(l[0], filepath.Join(root, l[1])); err != nil {
				t.Fatal(err)
			}
		}
		in, err := os.OpenRoot(root)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		opts := []symlink.Option{symlink.WithinRoot(in)}
		for i, o := range []symlink.Option{symlink.WithParents(), symlink.WithReplace(), symlink.WithRelative()} {
			if flags&(1<<i) != 0 {
				opts = append(opts, o)
			}
		}
		err = symlink.Create(src, dst, opts...)
		if diff := cmp.Diff(outBefore, snapshot(t, outside)); diff != "" {
			t.Fatalf("Create(%q, %q) changed the tree outside root (-before +after):\n%s", src, dst, diff)
		}
		if err != nil {
			var e *symlink.Error
			if !errors.As(err, &e) {
				t.Fatalf("Create(%q, %q) = %#v, want a *symlink.Error", src, dst, err)
			}
			return
		}
		link := dst
		if !filepath.IsAbs(link) {
			link = filepath.Join(root, dst)
		}
		if _, err := os.Lstat(link); err != nil {
			t.Fatalf("Create(%q, %q) = nil, but no link at %s: %v", src, dst, link, err)
		}
		end, err := filepath.EvalSymlinks(link)
		if err != nil {
			return // dangling, or a name the kernel will not follow
		}
		realRoot, _ := filepath.EvalSymlinks(root)
		if end != realRoot && !strings.HasPrefix(end, realRoot+string(filepath.Separator)) {
			t.Fatalf("Create(%q, %q) made a link that leads to %s, outside %s", src, dst, end, realRoot)
		}
	})
}
