package symlink_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/symlinkgo/symlink"
)

// relativeTree is a tree whose parents are themselves links, where a purely
// lexical relative path goes wrong: a/link-to-b points into b/c, so "..
// from a/link-to-b" is b, not a.
func relativeTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	linksOrSkip(t, dir)
	for _, d := range []string{"a", "b/c/d", "x/y"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "b/c/d/file"), "x")
	mustCreate(t, "../b/c", filepath.Join(dir, "a/link-to-c"))
	mustCreate(t, filepath.Join(dir, "x"), filepath.Join(dir, "abs-x"))
	mustCreate(t, "b/c/d/file", filepath.Join(dir, "file-link"))
	mustCreate(t, "loop", filepath.Join(dir, "loop"))
	mustCreate(t, "pb", filepath.Join(dir, "pa"))
	mustCreate(t, "pa", filepath.Join(dir, "pb"))
	// A path may pass through one link many times without a loop:
	// la/up/a/up is the tree's root, and meets up twice.
	mustCreate(t, "a", filepath.Join(dir, "la"))
	mustCreate(t, "..", filepath.Join(dir, "a/up"))
	mustCreate(t, "la/up/la", filepath.Join(dir, "lup"))
	// A loop of three, found after coreutils' first twenty links.
	mustCreate(t, "c2", filepath.Join(dir, "c1"))
	mustCreate(t, "c3", filepath.Join(dir, "c2"))
	mustCreate(t, "c1", filepath.Join(dir, "c3"))
	return dir
}

// upTimes is a path that goes through the link up n times and ends in a.
func upTimes(start string, n int) string {
	return start + strings.Repeat("/up/"+start, n)
}

// relativeCases are (target, link) pairs relative to the tree's root. A
// ".." after a link climbs from where the link points, so the tests join
// these to the root with a plain "/": filepath.Join would remove the ".."
// lexically and test something else.
var relativeCases = []struct{ target, link, want string }{
	{"b/c/d/file", "x/y/link", "../../b/c/d/file"},
	{"b/c/d/file", "a/link-to-c/link", "d/file"},
	{"a/link-to-c/d/file", "x/link", "../b/c/d/file"},
	{"b/c/d/file", "abs-x/y/link", "../../b/c/d/file"},
	{"file-link", "x/y/link", "../../b/c/d/file"},
	{"b/c/d/missing/deeper", "a/link-to-c/d/link", "missing/deeper"},
	{"b", "b/link", "."},
	{"b/c/d/file", "link-here", "b/c/d/file"},
	{"a/link-to-c/../c/d", "x/link", "../b/c/d"},
	{"b/c/d/file", "a/link-to-c/../link", "c/d/file"},
	{"loop/x", "x/link", "../loop/x"},
	{"pa/x", "x/link", "../pa/x"},
	{"la/up/a/up", "link", "."},
	{"la/../la", "x/y/link", "../../a"},
	{"a/../la/up/la/.", "link", "a"},
	{"lup/up/lup/up/lup/y", "x/link", "../a/y"},
	{upTimes("a", 24), "link", "a"},
	{upTimes("la", 24) + "/x", "x/link", "../a/x"},
	{"c1/x", "x/link", "../c3/x"},
	{"c1/../b", "x/link", "../b"},
}

func TestRelative(t *testing.T) {
	dir := relativeTree(t)
	for _, tc := range relativeCases {
		dst := dir + "/" + tc.link // not filepath.Join: see relativeCases
		err := symlink.Create(dir+"/"+tc.target, dst, symlink.WithRelative())
		if err != nil {
			t.Errorf("Create(%q, %q, WithRelative) = %v, want nil", tc.target, tc.link, err)
			continue
		}
		if got, want := readlink(t, dst), filepath.FromSlash(tc.want); got != want {
			t.Errorf("Create(%q, %q, WithRelative): link holds %q, want %q", tc.target, tc.link, got, want)
		}
		os.Remove(dst)
	}
}

func TestRelativeFromWorkingDirectory(t *testing.T) {
	dir := relativeTree(t)
	t.Chdir(filepath.Join(dir, "x"))
	if err := symlink.Create("../b/c/d/file", "y/link", symlink.WithRelative(), symlink.WithTargetMustExist()); err != nil {
		t.Fatalf("Create(WithRelative) from the working directory = %v, want nil", err)
	}
	if got, want := readlink(t, "y/link"), filepath.FromSlash("../../b/c/d/file"); got != want {
		t.Errorf("link holds %q, want %q", got, want)
	}
	if b, err := os.ReadFile("y/link"); err != nil || string(b) != "x" {
		t.Errorf("reading through the link = %q, %v; want \"x\"", b, err)
	}
}

// TestRelativeAgreesWithGNULn makes each link once with "ln -sr" and once
// with WithRelative and compares the contents.
func TestRelativeAgreesWithGNULn(t *testing.T) {
	ln := gnuLn(t)
	dir := relativeTree(t)
	for _, tc := range relativeCases {
		target, dst := dir+"/"+tc.target, dir+"/"+tc.link
		if out, err := exec.Command(ln, "-sr", target, dst).CombinedOutput(); err != nil {
			t.Fatalf("ln -sr %s %s: %v: %s", target, dst, err, out)
		}
		want := readlink(t, dst)
		os.Remove(dst)
		mustCreate(t, target, dst, symlink.WithRelative())
		if got := readlink(t, dst); got != want {
			t.Errorf("link %s to %s holds %q, ln -sr makes %q", tc.link, tc.target, got, want)
		}
		os.Remove(dst)
	}
}

// gnuLn returns the path of GNU coreutils ln, or skips the test.
func gnuLn(t *testing.T) string {
	t.Helper()
	ln, err := exec.LookPath("ln")
	if err != nil {
		t.Skip("no ln on PATH")
	}
	if out, err := exec.Command(ln, "--version").Output(); err != nil || !strings.Contains(string(out), "GNU coreutils") {
		t.Skip("ln is not GNU coreutils ln, which defines -r")
	}
	return ln
}
