package symlink_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestParentThatIsADanglingLinkIsADeadEnd: with WithParents, a parent of
// dst that is a link to nothing cannot be made, as with "mkdir -p". Create
// must say so (ErrNotExist, nothing made) at once, not take it for a parent
// that a concurrent Create removed and try again and again.
func TestParentThatIsADanglingLinkIsADeadEnd(t *testing.T) {
	if dst := os.Getenv(danglingChildEnv); dst != "" {
		symlink.Create("x", dst, symlink.WithParents()) // judged by the parent
		return
	}
	for _, dst := range []string{filepath.Join("a", "l"), filepath.Join("a", "b", "c", "l")} {
		t.Run(filepath.ToSlash(dst), func(t *testing.T) {
			dir := t.TempDir()
			linksOrSkip(t, dir)
			if err := os.Symlink("nowhere", filepath.Join(dir, "a")); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			err := symlink.Create("x", filepath.Join(dir, dst), symlink.WithParents())
			if !errors.Is(err, symlink.ErrNotExist) || !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Create = %v; want ErrNotExist", err)
			}
			trace := traceChild(t, "TestParentThatIsADanglingLinkIsADeadEnd",
				danglingChildEnv+"="+filepath.Join(dir, dst))
			mkdirs := regexp.MustCompile(`(?m)^mkdirat\(.*`+regexp.QuoteMeta(dir)).FindAllString(trace, -1)
			if len(mkdirs) != 1 {
				t.Errorf("%d mkdir calls; want 1 (the one that finds the dangling link):\n%s",
					len(mkdirs), strings.Join(mkdirs, "\n"))
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the file system changed (-before +after):\n%s", diff)
			}
		})
	}
}

// danglingChildEnv makes a re-executed test binary run the Create whose
// system calls TestParentThatIsADanglingLinkIsADeadEnd traces.
const danglingChildEnv = "SYMLINK_TEST_DANGLING_DST"
