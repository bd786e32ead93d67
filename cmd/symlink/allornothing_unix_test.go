//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAllOrNothingUndoesOnInterrupt interrupts a Batch of many links as soon
// as its first link is made, by each signal that asks a program to stop: the
// command must undo every link it made and say why it failed.
func TestAllOrNothingUndoesOnInterrupt(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) { undoesOn(t, sig) })
	}
}

func undoesOn(t *testing.T, sig syscall.Signal) {
	start := tree{"d": "dir"}
	root := scratch(t, start)
	args := []string{"--all-or-nothing", "-t", "d"}
	for i := range 50000 {
		args = append(args, "t"+strconv.Itoa(i))
	}
	cmd := exec.Command(binary, args...)
	cmd.Dir, cmd.Env = root, cleanEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	first := filepath.Join(root, "d", "t0")
	for made := false; !made; {
		select {
		case err := <-done:
			t.Skipf("the command ended (%v) before its first link was seen", err)
		default:
		}
		_, err := os.Lstat(first)
		made = err == nil
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	<-done
	switch code := cmd.ProcessState.ExitCode(); code {
	case 0:
		t.Skip("the command made every link before the signal came")
	case 1:
	default:
		t.Fatalf("symlink --all-or-nothing on %v: %v, want exit status 1 after undoing", sig, cmd.ProcessState)
	}
	if want := "symlink: " + sig.String() + " signal received\n"; stderr.String() != want {
		t.Errorf("symlink --all-or-nothing interrupted: stderr %q, want %q", stderr.String(), want)
	}
	if diff := cmp.Diff(start, read(t, root)); diff != "" {
		t.Errorf("symlink --all-or-nothing interrupted left the tree changed (-want +got):\n%s", diff)
	}
}
