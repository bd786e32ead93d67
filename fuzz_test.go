package symlink_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// The bits of FuzzCreate's flags, each an option.
const (
	fuzzReplace = 1 << iota
	fuzzRelative
	fuzzParents
	fuzzMustExist
	fuzzSync
	fuzzBackup
	fuzzJunction
	fuzzKindShift = iota // two bits of Kind, 3 being no valid Kind
)

func fuzzOptions(flags uint16, suffix string) []symlink.Option {
	var opts []symlink.Option
	for _, o := range []struct {
		bit uint16
		opt symlink.Option
	}{
		{fuzzReplace, symlink.WithReplace()},
		{fuzzRelative, symlink.WithRelative()},
		{fuzzParents, symlink.WithParents()},
		{fuzzMustExist, symlink.WithTargetMustExist()},
		{fuzzSync, symlink.WithSync()},
		{fuzzBackup, symlink.WithBackup(suffix)},
		{fuzzJunction, symlink.WithJunctionFallback()},
	} {
		if flags&o.bit != 0 {
			opts = append(opts, o.opt)
		}
	}
	return append(opts, symlink.WithKind(symlink.Kind(flags>>fuzzKindShift&3)))
}

// FuzzCreate calls Create with any src, dst and options in a small tree (a
// file, a directory, a link to it, a dangling link, a loop) that is the
// working directory. dst is kept lexically inside the tree, whose links all
// stay inside it too, so nothing may appear or change outside it. Create
// must not panic, must fail only with an *Error and change nothing when it
// fails, and must leave a link holding src when it succeeds. The seeds, in
// testdata/fuzz/FuzzCreate, reach each option and each kind of dst.
func FuzzCreate(f *testing.F) {
	base, err := filepath.EvalSymlinks(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	linksOrSkip(f, base)
	// A neighbour of the tree, which must never change.
	if err := os.Mkdir(filepath.Join(base, "outside"), 0o777); err != nil {
		f.Fatal(err)
	}
	writeFile(f, filepath.Join(base, "outside", "file"), "outside")
	// The tree is made again only after an input changed it: making files
	// costs far more than a failing Create, the common case.
	var dir string
	f.Fuzz(func(t *testing.T, src, dst string, flags uint16, suffix string) {
		if clean := filepath.Clean(dst); filepath.IsAbs(clean) || filepath.VolumeName(clean) != "" ||
			clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return // not inside the tree
		}
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp(base, "tree"); err != nil {
				t.Fatal(err)
			}
			fuzzTree(t, dir)
		}
		t.Chdir(dir)
		outside := func() map[string]entry {
			tree := snapshot(t, base)
			for name := range tree {
				if rel := filepath.Base(dir); name == rel || strings.HasPrefix(name, rel+"/") {
					delete(tree, name)
				}
			}
			return tree
		}
		beforeOutside, before := outside(), snapshot(t, dir)

		err := symlink.Create(src, dst, fuzzOptions(flags, suffix)...)

		if diff := cmp.Diff(beforeOutside, outside()); diff != "" {
			t.Fatalf("Create(%q, %q) changed names outside its tree; want none changed (-before +after):\n%s", src, dst, diff)
		}
		after := snapshot(t, dir)
		if !cmp.Equal(before, after) {
			defer func() {
				os.RemoveAll(dir)
				dir = ""
			}()
		}
		if err != nil {
			if _, ok := err.(*symlink.Error); !ok {
				t.Fatalf("Create(%q, %q) = %#v; want a *symlink.Error", src, dst, err)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Fatalf("Create(%q, %q) = %v, and changed the tree; want it unchanged (-before +after):\n%s", src, dst, err, diff)
			}
			return
		}
		got, err := os.Readlink(dst)
		if err != nil {
			t.Fatalf("Create(%q, %q) = nil, but Readlink: %v; want a link at dst", src, dst, err)
		}
		if flags&fuzzRelative == 0 && got != src {
			t.Fatalf("Create(%q, %q) = nil, and the link holds %q; want %q", src, dst, got, src)
		}
	})
}

// fuzzTree makes the tree FuzzCreate works in: a file "f", a directory "d"
// holding a file, a link "l" to d, a dangling link "dangling" and a link
// "loop" to itself. l sits beside d, so a ".." after it climbs to the tree
// as a ".." after d would: the tree's links lead nowhere outside it.
func fuzzTree(t *testing.T, dir string) {
	writeFile(t, filepath.Join(dir, "f"), "file")
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "d", "f"), "file in d")
	for name, content := range map[string]string{"l": "d", "dangling": "missing", "loop": "loop"} {
		if err := os.Symlink(content, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}
