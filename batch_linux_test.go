package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// TestBatchUndoesOnAFullFileSystem runs out of inodes part way: no dry run
// can foresee that. Apply fails with the system's ENOSPC, and the undo puts
// back every link it replaced (with backups) and removes every link and
// parent it made.
func TestBatchUndoesOnAFullFileSystem(t *testing.T) {
	for _, free := range []int{1, 10, 39} {
		t.Run(fmt.Sprint(free, " inodes free"), func(t *testing.T) {
			var empties []string
			dir := testutil.MountTmpfs(t, 0, "size=1m,nr_inodes=200", func(dir string) {
				for i := range 10 {
					mustCreate(t, "old", filepath.Join(dir, fmt.Sprint("r", i)))
					mustCreate(t, "older", filepath.Join(dir, fmt.Sprint("r", i, "~")))
				}
				empties = fillUp(t, dir)
			})
			for _, e := range empties[:free] {
				if err := os.Remove(e); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, dir)
			var b symlink.Batch
			b.SetLimit(1)
			for i := range 10 {
				b.Add("new", filepath.Join(dir, fmt.Sprint("r", i)), symlink.WithBackup(""))
			}
			for i := range 40 {
				b.Add("new", filepath.Join(dir, "p", fmt.Sprint(i%3), fmt.Sprint("l", i)), symlink.WithParents())
			}
			_, err := b.Apply(context.Background())
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("Apply = %v, want the system's ENOSPC", err)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("after the undo (-before +after):\n%s", diff)
			}
		})
	}
}

// TestBatchWithinRoot: every option works in a Batch, WithinRoot too;
// escapes are conflicts of the plan.
func TestBatchWithinRoot(t *testing.T) {
	_, root, outside := rootTree(t)
	in := openRoot(t, root)
	outBefore := snapshot(t, outside)
	var b symlink.Batch
	b.Add("target", "a/l1", symlink.WithinRoot(in), symlink.WithParents())
	b.Add("../target", "a/l2", symlink.WithinRoot(in))
	b.Add("sub/file", "sublink/l3", symlink.WithinRoot(in), symlink.WithRelative())
	res, err := b.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"target", "../target", "file"} {
		if res[i].Action != symlink.Created || res[i].Content != want {
			t.Errorf("Result %d = %+v, want created holding %q", i, res[i], want)
		}
	}
	b = symlink.Batch{}
	b.Add("x", "new", symlink.WithinRoot(in))
	b.Add("../outside", "evil", symlink.WithinRoot(in))
	before := snapshot(t, root)
	if _, err := b.Apply(context.Background()); !errors.Is(err, symlink.ErrEscapesRoot) {
		t.Errorf("Apply with an escape = %v, want ErrEscapesRoot", err)
	}
	if diff := cmp.Diff(before, snapshot(t, root)); diff != "" {
		t.Errorf("a refused Batch changed the root (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(outBefore, snapshot(t, outside)); diff != "" {
		t.Errorf("the tree outside changed (-before +after):\n%s", diff)
	}
}

// TestBatchReplacingAnotherUsersFileIsAPermissionError: run as nobody, a
// Batch that replaces root's file in a directory anyone may write cannot
// keep the hard link its undo needs, because Linux refuses a hard link to
// another user's file (fs.protected_hardlinks). That is a permission
// problem, not a file system without hard links: ErrPermission, and
// nothing changed.
func TestBatchReplacingAnotherUsersFileIsAPermissionError(t *testing.T) {
	if b, err := os.ReadFile("/proc/sys/fs/protected_hardlinks"); err != nil || strings.TrimSpace(string(b)) != "1" {
		t.Skip("fs.protected_hardlinks is not on here")
	}
	asAnotherUser(t, func(t *testing.T, dir string) {
		writeFile(t, filepath.Join(dir, "roots"), "root's file")
		if err := os.Chmod(filepath.Join(dir, "roots"), 0o644); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, dir string) {
		before := snapshot(t, dir)
		var b symlink.Batch
		b.Add("new", filepath.Join(dir, "roots"), symlink.WithReplace())
		_, err := b.Apply(context.Background())
		if !errors.Is(err, symlink.ErrPermission) || errors.Is(err, symlink.ErrUnsupported) {
			t.Errorf("Apply = %v; want ErrPermission, not ErrUnsupported", err)
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("the tree changed (-before +after):\n%s", diff)
		}
	})
}
