//go:build unix

package symlink_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/symlinkgo/symlink"
)

// TestRelativeAgreesWithGNULnOnRandomTrees builds small trees full of links
// (to parents, to each other, in loops, absolute and relative) and compares
// what WithRelative stores with what "ln -sr" makes, for random targets and
// link paths. Where ln -sr never returns (a link that lengthens the path
// each time it is followed), WithRelative must fail with ELOOP.
func TestRelativeAgreesWithGNULnOnRandomTrees(t *testing.T) {
	ln := gnuLn(t)
	trees, paths := 20, 25
	if testing.Short() {
		trees = 5
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	pick := func(from []string) string { return from[rng.IntN(len(from))] }
	dirs := []string{".", "a", "a/b", "c", "c/d"}
	linkNames := []string{"l1", "l2", "l3", "up"}
	elems := []string{"a", "b", "c", "d", "l1", "l2", "l3", "up", "..", ".", "missing"}
	randomPath := func(n int) string {
		p := make([]string, n)
		for i := range p {
			p[i] = pick(elems)
		}
		return strings.Join(p, "/")
	}
	for range trees {
		root := t.TempDir()
		linksOrSkip(t, root)
		for _, d := range dirs {
			if err := os.MkdirAll(filepath.Join(root, d), 0o777); err != nil {
				t.Fatal(err)
			}
		}
		for range 6 {
			content := randomPath(1 + rng.IntN(3))
			if rng.IntN(5) == 0 {
				content = root + "/" + content
			}
			// A name already taken keeps what it holds.
			os.Symlink(content, root+"/"+pick(dirs)+"/"+pick(linkNames))
		}
		for i := range paths {
			target := root + "/" + randomPath(1+rng.IntN(5))
			dst := root + "/" + pick(dirs) + "/new" + string(rune('a'+i))
			// ln -sr answers in a millisecond or never: a short wait
			// tells which, and a longer one confirms a disagreement.
			out, timedOut, lnErr := runFor(100*time.Millisecond, ln, "-sr", target, dst)
			want, _ := os.Readlink(dst)
			os.Remove(dst)
			err := symlink.Create(target, dst, symlink.WithRelative())
			got, _ := os.Readlink(dst)
			os.Remove(dst)
			if timedOut && !errors.Is(err, syscall.ELOOP) {
				out, timedOut, lnErr = runFor(10*time.Second, ln, "-sr", target, dst)
				want, _ = os.Readlink(dst)
				os.Remove(dst)
			}
			switch {
			case timedOut:
				if !errors.Is(err, syscall.ELOOP) {
					t.Errorf("ln -sr %s %s never returns; Create(WithRelative) = %v, want ELOOP (links: %s)", target, dst, err, treeLinks(t, root))
				}
			case lnErr != nil:
				// ln refuses what the system refuses (a dst under a
				// file, say); Create must refuse it too.
				if err == nil {
					t.Errorf("ln -sr %s %s: %v: %s; Create(WithRelative) = nil, making %q", target, dst, lnErr, out, got)
				}
			case err != nil:
				t.Errorf("Create(%s, %s, WithRelative) = %v; ln -sr makes %q (links: %s)", target, dst, err, want, treeLinks(t, root))
			case got != want:
				t.Errorf("Create(%s, %s, WithRelative) stores %q; ln -sr stores %q (links: %s)", target, dst, got, want, treeLinks(t, root))
			}
		}
	}
}

// runFor runs a command for at most d.
func runFor(d time.Duration, name string, args ...string) (out []byte, timedOut bool, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	out, err = exec.CommandContext(ctx, name, args...).CombinedOutput()
	return out, ctx.Err() != nil, err
}

// treeLinks lists the links under root, for a failure message.
func treeLinks(t *testing.T, root string) string {
	var links []string
	for name, e := range snapshot(t, root) {
		if e.Type == "link" {
			links = append(links, name+" -> "+e.Content)
		}
	}
	return strings.Join(links, ", ")
}
