package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLostOutputIsAFailure runs -v with stdout on /dev/full: the link is
// made, but output that could not be written makes the exit status 1.
func TestLostOutputIsAFailure(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	root := scratch(t, tree{})
	cmd := exec.Command(binary, "-v", "a", "l")
	cmd.Dir, cmd.Stdout = root, full
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 1 {
		t.Errorf("symlink -v a l >/dev/full: %v, want exit status 1", err)
	}
	if want := "symlink: write error: "; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("symlink -v a l >/dev/full: stderr %q, want %q...", stderr.String(), want)
	}
	if content, err := os.Readlink(root + "/l"); err != nil || content != "a" {
		t.Errorf("symlink -v a l >/dev/full: link holds %q (%v), want \"a\"", content, err)
	}
}
