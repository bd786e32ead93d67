package symlink_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/symlinkgo/symlink"
)

// TestSyncFlushesNewParents traces, with strace, a Create with WithSync and
// WithParents that makes a/b/c/link: the new link's directory and the
// directory each new parent was made in must each be flushed (fsync), or
// the link could be lost in a crash with its parents.
func TestSyncFlushesNewParents(t *testing.T) {
	if dst := os.Getenv(syncChildEnv); dst != "" {
		if err := symlink.Create("x", dst, symlink.WithSync(), symlink.WithParents()); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	trace := traceChild(t, "TestSyncFlushesNewParents", syncChildEnv+"="+filepath.Join(dir, "a", "b", "c", "link"))
	synced := fsyncedPaths(trace)
	want := []string{dir, filepath.Join(dir, "a"), filepath.Join(dir, "a", "b"), filepath.Join(dir, "a", "b", "c")}
	for _, w := range want {
		if !slices.Contains(synced, w) {
			t.Errorf("%s was not flushed; flushed: %q", w, synced)
		}
	}
}

// fsyncedPaths reads an strace log made with -y and returns the paths of
// the files fsync was called on.
func fsyncedPaths(trace string) []string {
	fsync := regexp.MustCompile(`fsync\(\d+<([^>]+)>`)
	var synced []string
	for _, m := range fsync.FindAllStringSubmatch(trace, -1) {
		synced = append(synced, m[1])
	}
	return synced
}

// syncChildEnv makes a re-executed test binary run the Create whose system
// calls TestSyncFlushesNewParents traces.
const syncChildEnv = "SYMLINK_TEST_SYNC_DST"

// undoSyncChildEnv makes a re-executed test binary run the failing Batch
// whose system calls TestSyncFlushesTheUndo traces.
const undoSyncChildEnv = "SYMLINK_TEST_UNDO_SYNC_DIR"

// TestSyncFlushesTheUndo traces a Batch with WithSync whose last link fails
// (its content is too long for the file system, which no plan foresees):
// the undo removes the link made first, and must flush its directory after
// that removal, or a crash could bring the link back.
func TestSyncFlushesTheUndo(t *testing.T) {
	if dir := os.Getenv(undoSyncChildEnv); dir != "" {
		var b symlink.Batch
		b.Add("x", filepath.Join(dir, "made"), symlink.WithSync())
		b.Add(strings.Repeat("x/", 4096), filepath.Join(dir, "fails"), symlink.WithSync())
		if _, err := b.Apply(context.Background()); err == nil {
			t.Fatal("Apply of a content too long succeeded")
		}
		return
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	trace := traceChild(t, "TestSyncFlushesTheUndo", undoSyncChildEnv+"="+dir)
	removed := strings.LastIndex(trace, `unlinkat(`)
	if removed < 0 || !strings.Contains(trace[removed:], "made") {
		t.Fatalf("the undo removed no link named made:\n%s", trace)
	}
	if !slices.Contains(fsyncedPaths(trace[removed:]), dir) {
		t.Errorf("%s was not flushed after the undo removed the link; flushed after it: %q", dir, fsyncedPaths(trace[removed:]))
	}
}
