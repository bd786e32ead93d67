package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// TestAllOrNothingUndoesAFailedApply makes five links on a tmpfs with two
// inodes left: the plan cannot foresee a full inode table, so the Batch
// starts, and a link fails for want of an inode only once the Batch has
// used up the two itself. Nothing may be left behind: the links made are
// removed and the link replaced is put back.
func TestAllOrNothingUndoesAFailedApply(t *testing.T) {
	root := testutil.MountTmpfs(t, 0, "size=1m,nr_inodes=32", nil)
	if err := os.Mkdir(filepath.Join(root, "d"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", filepath.Join(root, "d", "old")); err != nil {
		t.Fatal(err)
	}
	leaveInodes(t, root, 2)
	before := read(t, root)
	args := []string{"--all-or-nothing", "-vf", "-t", "d", "a", "b", "c", "e", "old"}
	got := runIn(t, root, nil, args...)
	if got.Code != 1 || got.Stdout != "" || got.Stderr == "" {
		t.Errorf("symlink %q on a full tmpfs: %+v, want exit status 1, no output and the errors", args, got)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got.Stderr, "\n"), "\n") {
		if !strings.HasPrefix(line, "symlink: ") || !strings.HasSuffix(line, "no space left on device") {
			t.Errorf("symlink %q on a full tmpfs: stderr line %q, want \"symlink: ...no space left on device\"", args, line)
		}
	}
	if diff := cmp.Diff(before, read(t, root)); diff != "" {
		t.Errorf("symlink %q on a full tmpfs left the tree changed (-before +after):\n%s", args, diff)
	}
}

// leaveInodes makes empty files in dir until its file system has no inode
// left, then removes n of them.
func leaveInodes(t *testing.T, dir string, n int) {
	t.Helper()
	var made []string
	for i := 0; ; i++ {
		name := filepath.Join(dir, "empty"+strconv.Itoa(i))
		f, err := os.Create(name)
		if errors.Is(err, syscall.ENOSPC) {
			break
		}
		if err != nil {
			t.Fatalf("filling %s: %v; want ENOSPC in the end", dir, err)
		}
		f.Close()
		made = append(made, name)
	}
	if len(made) < n {
		t.Fatalf("filling %s: only %d inodes were free, want %d", dir, len(made), n)
	}
	for _, name := range made[len(made)-n:] {
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
}
