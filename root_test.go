package symlink_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
		{"up right after a directory link", "sublink/../target", "evil"},
		{"up right after a missing name", "missing/../target", "evil"},
		{"up right after a file", "target/../target", "evil"},
		{"up after a link and a dot", "sublink/./../target", "evil"},
		{"missing element, then up", "missing/../../outside", "evil"},
		{"missing element, then a link out", "missing/../out/secret", "evil"},
		{"down and up", "sub/../target", "evil"},
		{"up from a directory, then through a link", "sub/../sublink/file", "evil"},
		{"up twice after a directory behind a link", "sublink/../sub/../..", "evil"},
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
		for _, opts := range [][]symlink.Option{nil, {symlink.WithReplace()}, {symlink.WithParents()}, {symlink.WithDryRun()}} {
			err := symlink.Create(tc.src, tc.dst, append(opts, symlink.WithinRoot(openRoot(t, root)))...)
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
		{"dangling inside", "missing/file", "l4", nil, "", ""},
		{"root itself", ".", "l5", nil, "", ""},
		{"up to root from a subdirectory", "../target", "sub/l6", nil, "", ""},
		{"through a directory link", "sublink/file", "l7", nil, "", ""},
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
		err := symlink.Create(tc.src, tc.dst, append(tc.opts, symlink.WithinRoot(openRoot(t, root)))...)
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
	in := openRoot(t, root)
	for _, tc := range []struct {
		name, src, dst string
		root           *os.Root
		opts           []symlink.Option
		op             string
		want           []string
	}{
		{"nil root", "x", "l", nil, nil, "symlink", []string{"ErrInvalid", "fs.ErrInvalid"}},
		{"missing parent", "x", "missing/l", in, nil, "symlink", []string{"ErrNotExist", "fs.ErrNotExist"}},
		{"exists", "x", "target", in, nil, "symlink", []string{"ErrExist", "fs.ErrExist"}},
		{"directory", "x", "sub", in, []symlink.Option{symlink.WithReplace()}, "replace", []string{"ErrExist", "ErrIsDir", "fs.ErrExist"}},
		{"target must exist", "missing", "l", in, []symlink.Option{symlink.WithTargetMustExist()}, "symlink", []string{"ErrNotExist", "fs.ErrNotExist"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := symlink.Create(tc.src, tc.dst, append(tc.opts, symlink.WithinRoot(tc.root))...)
			wantIs(t, err, tc.op, tc.want...)
		})
	}
}

// TestWithinRootFaultsOfTheRoot removes the opened root's directory, or puts
// a file at its name, and judges an absolute path against it: the error says
// that the root is at fault.
func TestWithinRootFaultsOfTheRoot(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(root string) error
		want  []string
	}{
		{"root removed", os.Remove, []string{"ErrNotExist", "fs.ErrNotExist"}},
		{"root now a file", func(root string) error {
			if err := os.Remove(root); err != nil {
				return err
			}
			return os.WriteFile(root, nil, 0o666)
		}, []string{"ErrNotDir"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "root")
			if err := os.Mkdir(root, 0o777); err != nil {
				t.Fatal(err)
			}
			in := openRoot(t, root)
			if err := tc.spoil(root); err != nil {
				t.Skipf("cannot spoil the root here: %v", err)
			}
			err := symlink.Create("x", filepath.Join(root, "l"), symlink.WithinRoot(in))
			wantIs(t, err, "symlink", tc.want...)
			if err != nil && !strings.Contains(err.Error(), "root "+strconv.Quote(root)) {
				t.Errorf("error %q does not say that the root %s is at fault", err, root)
			}
		})
	}
}

// openRoot opens dir as an os.Root, closed when the test ends.
func openRoot(t testing.TB, dir string) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestWithinRootJudgesPathsAsTheKernelFollowsThem covers paths that mean
// something else once the links in them are followed than when their ".."
// elements are removed as text.
func TestWithinRootJudgesPathsAsTheKernelFollowsThem(t *testing.T) {
	dir, root, _ := rootTree(t)
	for _, d := range []string{filepath.Join(root, "sub", "deep"), filepath.Join(dir, "outside", "deep")} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range [][2]string{{"../outside/deep", "out-deep"}, {"sub/deep", "b"}} {
		if err := os.Symlink(l[0], filepath.Join(root, l[1])); err != nil {
			t.Fatal(err)
		}
	}
	in := openRoot(t, root)
	abs := func(p string) string { return root + string(filepath.Separator) + filepath.FromSlash(p) }

	before := snapshot(t, dir)
	for _, tc := range []struct{ name, src, dst string }{
		{"absolute target up through a link out", abs("out-deep/../x"), "l"},
		{"absolute link path up through a link out", "target", abs("out-deep/../l")},
		{"absolute target up right after a link", abs("b/../file"), "l"},
	} {
		err := symlink.Create(tc.src, tc.dst, symlink.WithinRoot(in))
		if !errors.Is(err, symlink.ErrEscapesRoot) {
			t.Errorf("%s: Create(%q, %q, WithinRoot) = %v, want ErrEscapesRoot", tc.name, tc.src, tc.dst, err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("refused links changed the tree (-before +after):\n%s", diff)
	}

	// b/.. is sub, where b leads: the link goes there, not into root.
	if err := symlink.Create("file", abs("b/../l-in-sub"), symlink.WithinRoot(in)); err != nil {
		t.Fatalf("Create into b/..: %v", err)
	}
	if got := readlink(t, filepath.Join(root, "sub", "l-in-sub")); got != "file" {
		t.Errorf("sub/l-in-sub holds %q, want %q", got, "file")
	}
	// WithRelative computes from where b/.. really is: sub.
	if err := symlink.Create(abs("b/../file"), "rel", symlink.WithinRoot(in), symlink.WithRelative()); err != nil {
		t.Fatalf("Create relative through b/..: %v", err)
	}
	if got, want := readlink(t, filepath.Join(root, "rel")), filepath.Join("sub", "file"); got != want {
		t.Errorf("rel holds %q, want %q", got, want)
	}
}

// TestWithinRootSequencesFromTheIssue replays the two sequences of Creates
// that each looked harmless alone and together led out of the root.
func TestWithinRootSequencesFromTheIssue(t *testing.T) {
	_, root, _ := rootTree(t)
	removeLinksOut(t, root)
	in := openRoot(t, root)
	if err := os.MkdirAll(filepath.Join(root, "sub", "deep"), 0o777); err != nil {
		t.Fatal(err)
	}
	steps := []rootStep{
		{"d/d/../x", "l", nil, true}, // d/d does not exist yet
		{"..", "d/d", []symlink.Option{symlink.WithParents()}, false},
		{"sub/deep", "k", nil, false},
		{"k/../x", "m", nil, true}, // k is a link: it can be re-pointed
		{".", "k", []symlink.Option{symlink.WithReplace()}, false},
	}
	createSteps(t, in, steps)
	allLinksInside(t, root)
}

// TestWithinRootHoldsForAnySequence makes a long random sequence of links,
// directories and files through one root, as a hostile archive could order
// them, and checks after every step that no link in the tree leads out.
func TestWithinRootHoldsForAnySequence(t *testing.T) {
	_, root, _ := rootTree(t)
	removeLinksOut(t, root)
	in := openRoot(t, root)
	names := []string{"a", "b", "a/a", "a/b", "b/a", "sub/a"}
	elems := []string{"a", "b", "..", "..", ".", "sub"}
	rnd := rand.New(rand.NewPCG(1, 2))
	steps := 3000
	if testing.Short() {
		steps = 300
	}
	made := 0
	for i := range steps {
		name := names[rnd.IntN(len(names))]
		switch rnd.IntN(6) {
		case 0:
			in.Mkdir(name, 0o777)
		case 1:
			in.Remove(name) // a link or a file; a directory only if empty
		default:
			var src []string
			for range 1 + rnd.IntN(4) {
				src = append(src, elems[rnd.IntN(len(elems))])
			}
			content := strings.Join(src, "/")
			if rnd.IntN(4) == 0 {
				content = root + "/" + content
			}
			opts := []symlink.Option{symlink.WithinRoot(in)}
			if rnd.IntN(2) == 0 {
				opts = append(opts, symlink.WithReplace())
			}
			if rnd.IntN(2) == 0 {
				opts = append(opts, symlink.WithParents())
			}
			if symlink.Create(filepath.FromSlash(content), name, opts...) == nil {
				made++
			}
		}
		if t.Failed() {
			t.Fatalf("after step %d", i)
		}
		allLinksInside(t, root)
	}
	t.Logf("%d links made in %d steps", made, steps)
}

// allLinksInside fails the test if any link under root resolves to a place
// outside root.
func allLinksInside(t *testing.T, root string) {
	t.Helper()
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	for rel, e := range snapshot(t, root) {
		if e.Type != "link" {
			continue
		}
		link := filepath.Join(root, filepath.FromSlash(rel))
		end, err := filepath.EvalSymlinks(link)
		if err == nil && end != realRoot && !strings.HasPrefix(end, realRoot+string(filepath.Separator)) {
			t.Errorf("%s (-> %q) leads to %s, outside the root", link, e.Content, end)
		}
	}
}

// removeLinksOut removes the links out of root that rootTree made without
// Create.
func removeLinksOut(t *testing.T, root string) {
	t.Helper()
	for _, l := range []string{"out", "abs-out", "to-out"} {
		if err := os.Remove(filepath.Join(root, l)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWithinRootWorksByTheRootsDescriptor opens the root by a relative name
// and then leaves the working directory, and later renames the root: its
// name then leads nowhere. Everything Create, its dry run and a Batch decide
// goes through the root's descriptor, so all of it still works.
func TestWithinRootWorksByTheRootsDescriptor(t *testing.T) {
	dir, root, outside := rootTree(t)
	t.Chdir(dir)
	in := openRoot(t, "root")
	t.Chdir(outside) // where "root" names nothing
	for _, step := range []string{"after a change of directory", "after the root is renamed"} {
		if step == "after the root is renamed" {
			if err := os.Rename(root, filepath.Join(dir, "moved")); err != nil {
				t.Fatal(err)
			}
			root = filepath.Join(dir, "moved")
		}
		t.Run(step, func(t *testing.T) {
			for _, name := range []string{"new", "sub/new"} {
				for _, opts := range [][]symlink.Option{nil, {symlink.WithReplace()}, {symlink.WithBackup("")}, {symlink.WithSync()}} {
					opts = append(opts, symlink.WithinRoot(in))
					var dry, real symlink.Result
					if err := symlink.Create("target", name, append(opts, symlink.WithDryRun(), symlink.WithResult(&dry))...); err != nil {
						t.Errorf("dry run of Create(target, %s) = %v; want nil", name, err)
					}
					if err := symlink.Create("target", name, append(opts, symlink.WithResult(&real))...); err != nil {
						t.Errorf("Create(target, %s) = %v; want nil", name, err)
					}
					if dry.Action != real.Action {
						t.Errorf("Create(target, %s): the dry run foresaw %v, the real call did %v", name, dry.Action, real.Action)
					}
					if err := symlink.Remove("target", name, symlink.WithinRoot(in)); err != nil {
						t.Errorf("Remove(target, %s) = %v; want nil", name, err)
					}
					os.Remove(filepath.Join(root, name+"~"))
				}
			}
			var b symlink.Batch
			b.Add("target", "a", symlink.WithinRoot(in))
			b.Add("../target", "sub/b", symlink.WithinRoot(in), symlink.WithReplace())
			if _, err := b.Apply(context.Background()); err != nil {
				t.Errorf("Apply = %v; want nil", err)
			}
			for _, l := range []struct{ src, dst string }{{"target", "a"}, {"../target", "sub/b"}} {
				if err := symlink.Remove(l.src, l.dst, symlink.WithinRoot(in)); err != nil {
					t.Errorf("Remove(%s, %s) = %v; want nil", l.src, l.dst, err)
				}
			}
		})
	}
}

// TestWithinRootDotDotIsAnEscape: a link path of "..", as a tar entry may be
// named, climbs out of the root: ErrEscapesRoot, not the "names a
// directory" of a path that stays inside.
func TestWithinRootDotDotIsAnEscape(t *testing.T) {
	_, root, _ := rootTree(t)
	in := openRoot(t, root)
	before := snapshot(t, filepath.Dir(root))
	for _, dst := range []string{"..", "../.", "./..", "sub/../..", "sublink/../..", "missing/../.."} {
		for _, opts := range [][]symlink.Option{nil, {symlink.WithReplace()}, {symlink.WithDryRun()}, {symlink.WithParents()}} {
			err := symlink.Create("target", dst, append(opts, symlink.WithinRoot(in))...)
			if !errors.Is(err, symlink.ErrEscapesRoot) || errors.Is(err, symlink.ErrExist) {
				t.Errorf("Create(target, %q, %d options) = %v; want ErrEscapesRoot", dst, len(opts), err)
			}
		}
		if _, err := symlink.Read(dst, symlink.WithinRoot(in)); !errors.Is(err, symlink.ErrEscapesRoot) {
			t.Errorf("Read(%q) = %v; want ErrEscapesRoot", dst, err)
		}
		if err := symlink.Remove("target", dst, symlink.WithinRoot(in)); !errors.Is(err, symlink.ErrEscapesRoot) {
			t.Errorf("Remove(target, %q) = %v; want ErrEscapesRoot", dst, err)
		}
	}
	for _, dst := range []string{".", "sub/..", "sub/.", "sublink/.."} {
		err := symlink.Create("target", dst, symlink.WithinRoot(in), symlink.WithReplace())
		if !errors.Is(err, symlink.ErrIsDir) || !errors.Is(err, symlink.ErrExist) || errors.Is(err, symlink.ErrEscapesRoot) {
			t.Errorf("Create(target, %q) = %v; want ErrIsDir and ErrExist: it names a directory inside the root", dst, err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, filepath.Dir(root))); diff != "" {
		t.Errorf("the tree changed (-before +after):\n%s", diff)
	}
}

// TestWithinRootDotDotOnlyLeads: a ".." after a name is never stored, even
// after a real directory: that directory, reached through a link that is
// re-pointed later, or removed (by the clean-up of a Create that failed at
// the same time) and made a link, would take the ".." anywhere. The
// sequences that escaped before the rule: one after another, and at once.
func TestWithinRootDotDotOnlyLeads(t *testing.T) {
	_, root, _ := rootTree(t)
	removeLinksOut(t, root)
	in := openRoot(t, root)
	for _, d := range []string{"d", filepath.Join("d", "e"), "e"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	steps := []rootStep{
		{"d", "x", nil, false},
		{"x/e/../..", "y", nil, true}, // the root now; outside once x -> .
		{"x/e/..", "y", nil, true},
		{"e/../x", "y", nil, true},
		{"../x", "e/y", nil, false}, // leading: climbs from e, which holds y
		{".", "x", []symlink.Option{symlink.WithReplace()}, false},
	}
	createSteps(t, in, steps)
	allLinksInside(t, root)

	// At once: B makes e<i> with WithParents and fails (a name too long),
	// which removes e<i> again; C makes e<i> a link to "." as soon as it
	// can; A tries y<i> -> e<i>/.., which must be refused whatever e<i> is.
	long := strings.Repeat("n", 300)
	for i := range 20 {
		e, y := "e"+strconv.Itoa(i), "y"+strconv.Itoa(i)
		var wg sync.WaitGroup
		var stop atomic.Bool
		wg.Go(func() {
			for !stop.Load() {
				symlink.Create("t", e+"/"+long, symlink.WithinRoot(in), symlink.WithParents())
			}
		})
		wg.Go(func() {
			for symlink.Create(".", e, symlink.WithinRoot(in)) != nil {
			}
			stop.Store(true)
		})
		wg.Go(func() {
			for !stop.Load() {
				if err := symlink.Create(e+"/..", y, symlink.WithinRoot(in)); err == nil {
					t.Errorf("Create(%q, %q) succeeded: the content can lead out once %s is a link", e+"/..", y, e)
					return
				}
			}
		})
		wg.Wait()
	}
	allLinksInside(t, root)
}

// TestWithinRootParentsThroughADanglingLink: as outside a root, WithParents
// cannot get past a parent that is a link leading nowhere: ErrNotExist at
// once, and the link's target is not made.
func TestWithinRootParentsThroughADanglingLink(t *testing.T) {
	dir, root, _ := rootTree(t)
	if err := os.Symlink("nowhere", filepath.Join(root, "dangle")); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	for _, opts := range [][]symlink.Option{{symlink.WithParents()}, {symlink.WithParents(), symlink.WithDryRun()}, nil} {
		err := symlink.Create("t", filepath.Join("dangle", "x"), append(opts, symlink.WithinRoot(openRoot(t, root)))...)
		if !errors.Is(err, symlink.ErrNotExist) {
			t.Errorf("Create through a dangling parent, %d options = %v, want ErrNotExist", len(opts), err)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("the refused links changed the tree (-before +after):\n%s", diff)
	}
}

// TestWithinRootRemoveWithASrcOutside: Remove compares src, never judges
// it: with WithRelative, a src outside the root is a content no link made
// in the root holds, ErrNotLink, and nothing changes.
func TestWithinRootRemoveWithASrcOutside(t *testing.T) {
	dir, root, _ := rootTree(t)
	in := openRoot(t, root)
	if err := symlink.Create("target", "l", symlink.WithinRoot(in), symlink.WithRelative()); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	err := symlink.Remove(filepath.Join("..", "outside", "secret"), "l", symlink.WithinRoot(in), symlink.WithRelative())
	wantIs(t, err, "remove", "ErrNotLink")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Remove changed the tree (-before +after):\n%s", diff)
	}
}

// rootStep is one Create of a sequence in a root, and whether it must be
// refused as an escape.
type rootStep struct {
	src, dst string
	opts     []symlink.Option
	refused  bool
}

// createSteps makes steps in order, each WithinRoot(in).
func createSteps(t *testing.T, in *os.Root, steps []rootStep) {
	t.Helper()
	for _, s := range steps {
		err := symlink.Create(s.src, s.dst, append(s.opts, symlink.WithinRoot(in))...)
		switch {
		case s.refused && !errors.Is(err, symlink.ErrEscapesRoot):
			t.Errorf("Create(%q, %q) = %v, want ErrEscapesRoot", s.src, s.dst, err)
		case !s.refused && err != nil:
			t.Errorf("Create(%q, %q) = %v, want nil", s.src, s.dst, err)
		}
	}
}
