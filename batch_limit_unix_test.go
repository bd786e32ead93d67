//go:build unix

package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

// lowLimitChildEnv makes a re-executed test binary run, with at most 40 open
// files, the Batch of TestBatchUnderALowOpenFileLimit over its directory.
const lowLimitChildEnv = "SYMLINK_TEST_LOW_LIMIT_DIR"

// lowLimitDirs is how many directories the Batch works in: far more than
// the 40 files the child may open.
const lowLimitDirs = 300

// TestBatchUnderALowOpenFileLimit runs a Batch over 300 directories, with
// WithSync (which opens each directory once more, to flush it), under
// "ulimit -n 40": a Batch holds no more directories open than it works in
// at once, so it succeeds, and its check that two dsts name the same link
// through a linked directory still works.
func TestBatchUnderALowOpenFileLimit(t *testing.T) {
	if dir := os.Getenv(lowLimitChildEnv); dir != "" {
		if err := lowLimitBatch(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	for d := range lowLimitDirs {
		sub := filepath.Join(dir, "d"+strconv.Itoa(d))
		if err := os.Mkdir(sub, 0o777); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(sub, "f"), "a file to replace")
	}
	if err := os.Symlink("d0", filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBatchUnderALowOpenFileLimit$")
	cmd.Env = append(os.Environ(), lowLimitChildEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Batch under ulimit -n 40: %v\n%s", err, out)
	}
	for d := range lowLimitDirs {
		for _, name := range []string{"a", "b", "f"} {
			p := filepath.Join(dir, "d"+strconv.Itoa(d), name)
			if got := readlink(t, p); got != "t" {
				t.Fatalf("%s holds %q, want \"t\"", p, got)
			}
		}
	}
}

// lowLimitBatch is the child's work: the check of the same dst through the
// alias, then the Batch itself.
func lowLimitBatch(dir string) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	lim.Cur = 40
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	build := func() *symlink.Batch {
		var b symlink.Batch
		b.SetLimit(4)
		for d := range lowLimitDirs {
			sub := filepath.Join(dir, "d"+strconv.Itoa(d))
			for _, name := range []string{"a", "b", "f"} {
				b.Add("t", filepath.Join(sub, name), symlink.WithReplace(), symlink.WithSync())
			}
		}
		return &b
	}
	aliased := build()
	aliased.Add("t", filepath.Join(dir, "alias", "a"), symlink.WithReplace())
	_, err := aliased.Plan()
	if !errors.Is(err, symlink.ErrInvalid) || !strings.Contains(err.Error(), "through another path to its directory") {
		return fmt.Errorf("Plan of d0/a and alias/a = %v, want ErrInvalid for the same dst through another path", err)
	}
	_, err = build().Apply(context.Background())
	return err
}
