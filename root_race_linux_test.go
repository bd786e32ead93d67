package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/symlinkgo/symlink"
	"golang.org/x/sys/unix"
)

// These tests race Creates within one root against each other, and against
// a directory exchanged for a link, and look after each round for a link
// that leads out of the root.

// kernelTarget follows content from the real directory dir as the kernel
// would; from the first missing element on, the rest is taken as written
// (".." removes an element), so a dangling link's future target is judged
// too. It returns the absolute end.
func kernelTarget(dir, content string, depth int) string {
	var done []string
	if !strings.HasPrefix(content, "/") {
		done = strings.Split(strings.Trim(dir, "/"), "/")
	}
	missing := false
	for _, e := range strings.Split(content, "/") {
		switch e {
		case "", ".":
			continue
		case "..":
			if len(done) > 0 {
				done = done[:len(done)-1]
			}
			continue
		}
		next := "/" + strings.Join(append(append([]string(nil), done...), e), "/")
		if missing {
			done = append(done, e)
			continue
		}
		fi, err := os.Lstat(next)
		if err != nil {
			missing = true
			done = append(done, e)
			continue
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			if depth >= 40 {
				return loop
			}
			c, _ := os.Readlink(next)
			end := kernelTarget("/"+strings.Join(done, "/"), c, depth+1)
			if end == loop {
				return loop
			}
			done = strings.Split(strings.Trim(end, "/"), "/")
			if end == "/" {
				done = nil
			}
			continue
		}
		done = append(done, e)
	}
	return "/" + strings.Join(done, "/")
}

const loop = "\x00loop"

// linksOut lists the links under root whose target, followed from the link's
// own directory (dangling ones as written), lies outside root.
func linksOut(t testing.TB, root string) []string {
	t.Helper()
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	filepath.WalkDir(real, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.Type()&os.ModeSymlink == 0 {
			return nil
		}
		c, _ := os.Readlink(p)
		end := kernelTarget(filepath.Dir(p), c, 0)
		if ev, err := filepath.EvalSymlinks(p); err == nil {
			end = ev
		}
		if end != loop && end != real && !strings.HasPrefix(end, real+"/") {
			bad = append(bad, p+" -> "+c+" => "+end)
		}
		return nil
	})
	return bad
}

// TestWithinRootConcurrentCreatesCannotLeadOut: A makes p/q/m a link to
// the root while B, with WithParents, makes p/q/m/L holding "../../../x",
// judged for p/q/m as a directory still to be made. Each is safe alone and in
// either order; run together, B must not put its link in the root with
// that content.
func TestWithinRootConcurrentCreatesCannotLeadOut(t *testing.T) {
	root := filepath.Join(t.TempDir(), "root")
	if err := os.MkdirAll(filepath.Join(root, "p", "q"), 0o777); err != nil {
		t.Fatal(err)
	}
	linksOrSkip(t, root)
	in := openRoot(t, root)
	for i := range 1000 {
		var wg sync.WaitGroup
		wg.Go(func() { symlink.Create("../..", "p/q/m", symlink.WithinRoot(in)) })
		wg.Go(func() {
			symlink.Create("../../../x", "p/q/m/L", symlink.WithinRoot(in), symlink.WithParents())
		})
		wg.Wait()
		if bad := linksOut(t, root); len(bad) > 0 {
			t.Fatalf("round %d: links out of the root: %v", i, bad)
		}
		for _, p := range []string{"L", "p/q/m/L", "p/q/m"} {
			os.Remove(filepath.Join(root, p))
		}
	}
}

// TestWithinRootBatchCannotLeadOutThroughAParentItMakes: the same two links
// as one Batch, whose directories Apply makes in parallel. The second dst
// is spelled so that Plan cannot see, as text, that it is inside the first:
// through a link made before, or through the root's real path when the
// root was opened through a link.
func TestWithinRootBatchCannotLeadOutThroughAParentItMakes(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(filepath.Join(real, "p", "q"), 0o777); err != nil {
		t.Fatal(err)
	}
	linksOrSkip(t, real)
	mustCreate(t, "real", filepath.Join(dir, "via"))
	in := openRoot(t, filepath.Join(dir, "via"))
	if err := symlink.Create("p/q", "al", symlink.WithinRoot(in)); err != nil {
		t.Fatal(err)
	}
	for _, second := range []string{"al/m/L", filepath.Join(real, "p/q/m/L")} {
		for i := range 500 {
			var b symlink.Batch
			b.Add("../..", "p/q/m", symlink.WithinRoot(in))
			b.Add("../../../x", second, symlink.WithinRoot(in), symlink.WithParents())
			b.Apply(context.Background())
			if bad := linksOut(t, real); len(bad) > 0 {
				t.Fatalf("%s, round %d: links out of the root: %v", second, i, bad)
			}
			for _, p := range []string{"L", "p/q/m/L", "p/q/m"} {
				os.Remove(filepath.Join(real, p))
			}
		}
	}
}

// TestWithinRootExchangedDirectoryCannotLeadOut: other code exchanges dst's
// directory p/q with a link to the root's top (renameat2 RENAME_EXCHANGE)
// without pause. Where the link is made is fixed by opening the directory
// through the root; its content, judged for p/q, must be judged again when
// the directory opened is not the one judged, so no link leads out.
func TestWithinRootExchangedDirectoryCannotLeadOut(t *testing.T) {
	if testing.Short() {
		t.Skip("races a swapping goroutine; skipped with -short")
	}
	for _, relative := range []bool{false, true} {
		t.Run(fmt.Sprint("WithRelative=", relative), func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "root")
			if err := os.MkdirAll(filepath.Join(root, "p", "q"), 0o777); err != nil {
				t.Fatal(err)
			}
			linksOrSkip(t, root)
			in := openRoot(t, root)
			if err := symlink.Create(".", "p/swap", symlink.WithinRoot(in)); err != nil {
				t.Fatal(err)
			}
			q, swap := filepath.Join(root, "p", "q"), filepath.Join(root, "p", "swap")
			if err := unix.Renameat2(unix.AT_FDCWD, q, unix.AT_FDCWD, swap, unix.RENAME_EXCHANGE); err != nil {
				t.Skipf("renameat2 RENAME_EXCHANGE: %v", err)
			}
			var stop atomic.Bool
			var wg sync.WaitGroup
			wg.Go(func() {
				for !stop.Load() {
					unix.Renameat2(unix.AT_FDCWD, q, unix.AT_FDCWD, swap, unix.RENAME_EXCHANGE)
				}
			})
			defer wg.Wait()
			defer stop.Store(true)
			src, opts := "../../x", []symlink.Option{symlink.WithinRoot(in)}
			if relative {
				src, opts = "x", append(opts, symlink.WithRelative()) // "../../x" from p/q
			}
			for i := range 1500 {
				name := fmt.Sprintf("L%d", i)
				if symlink.Create(src, "p/q/"+name, opts...) != nil {
					continue
				}
				if bad := linksOut(t, root); len(bad) > 0 {
					t.Fatalf("round %d: links out of the root: %v", i, bad)
				}
				// Wherever the link landed (p/q, or p through the
				// exchanged link), it goes, to keep the walk short.
				for _, d := range []string{"q", "swap", "."} {
					os.Remove(filepath.Join(root, "p", d, name))
				}
			}
		})
	}
}

// TestRootWalkLooksAgainAtALinkChangedUnderIt: within a root, dst's parent
// "sub" is exchanged without pause between a link to a directory and a
// directory, so the walk to dst often finds a link and then, reading it, a
// directory. That is the other program's change, not a malformed argument:
// Remove must not answer ErrInvalid.
func TestRootWalkLooksAgainAtALinkChangedUnderIt(t *testing.T) {
	if testing.Short() {
		t.Skip("races a swapping goroutine; skipped with -short")
	}
	dir := t.TempDir()
	for _, d := range []string{"real", "spare"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, "t", filepath.Join(dir, d, "l"))
	}
	sub, spare := filepath.Join(dir, "sub"), filepath.Join(dir, "spare")
	mustCreate(t, "real", sub)
	if err := unix.Renameat2(unix.AT_FDCWD, sub, unix.AT_FDCWD, spare, unix.RENAME_EXCHANGE); err != nil {
		t.Skipf("renameat2 RENAME_EXCHANGE: %v", err)
	}
	in := openRoot(t, dir)
	stop := meanwhile(func() {
		unix.Renameat2(unix.AT_FDCWD, sub, unix.AT_FDCWD, spare, unix.RENAME_EXCHANGE)
		for _, d := range []string{"real", "spare", "sub"} {
			os.Symlink("t", filepath.Join(dir, d, "l")) // put back what Remove took
		}
	})
	defer stop()
	invalid := 0
	var first error
	for range 20000 {
		err := symlink.Remove("t", filepath.Join("sub", "l"), symlink.WithinRoot(in))
		if errors.Is(err, symlink.ErrInvalid) {
			if invalid++; first == nil {
				first = err
			}
		}
	}
	if invalid > 0 {
		t.Errorf("%d of 20000 Removes answered ErrInvalid, the first: %v", invalid, first)
	}
}
