package symlink_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// linksOrSkip skips the test when the library itself finds that this process
// cannot make symbolic links in dir (Wine, FAT, Windows without privilege),
// with the library's reason in the skip message.
func linksOrSkip(t testing.TB, dir string) {
	t.Helper()
	err := symlink.Check(dir)
	if errors.Is(err, symlink.ErrUnsupported) || errors.Is(err, symlink.ErrPrivilege) {
		testutil.Unavailable(t, "links", fmt.Sprintf("symbolic links unavailable in %s: %v", dir, err))
	}
	if err != nil {
		t.Fatalf("Check(%q) = %v", dir, err)
	}
}

// entry is what a snapshot records of one name in a tree.
type entry struct {
	Type    string // "file", "dir", "link", "other"
	Content string // a file's bytes or a link's content
}

// snapshot records every name under dir with its type and content, so that
// a test can prove with cmp.Diff that a failure changed nothing.
func snapshot(t testing.TB, dir string) map[string]entry {
	t.Helper()
	tree := map[string]entry{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		var e entry
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			e.Type = "link"
			e.Content, err = os.Readlink(path)
		case d.IsDir():
			e.Type = "dir"
		case d.Type().IsRegular():
			e.Type = "file"
			var b []byte
			b, err = os.ReadFile(path)
			e.Content = string(b)
		default:
			e.Type = "other"
		}
		tree[filepath.ToSlash(rel)] = e
		return err
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return tree
}

// writeFile creates a regular file with the given content.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

// readlink returns the content of the link at path, failing the test if
// there is no link.
func readlink(t testing.TB, path string) string {
	t.Helper()
	s, err := os.Readlink(path)
	if err != nil {
		t.Fatalf("readlink: %v", err)
	}
	return s
}

// watchMissing polls the name path returns with lstat until stop is called,
// and stop reports how many reads found nothing there.
func watchMissing(path func() string) (stop func() (reads, misses int64)) {
	var done atomic.Bool
	var r, m int64
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for !done.Load() {
			r++
			if _, err := os.Lstat(path()); err != nil {
				m++
			}
		}
	}()
	return func() (int64, int64) {
		done.Store(true)
		<-finished
		return r, m
	}
}

// shorten keeps a diff of thousands of lines (a path over PATH_MAX made
// directory by directory) readable.
func shorten(diff string) string {
	const max = 40
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) <= max {
		return diff
	}
	return strings.Join(lines[:max], "") + fmt.Sprintf("… and %d more lines\n", len(lines)-max)
}
