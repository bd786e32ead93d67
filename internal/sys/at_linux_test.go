package sys

import (
	"os"
	"path/filepath"
	"testing"
)

// Readlinkat, Unlinkat and Symlinkat keep their buffers on the stack: Create with
// WithReplace on a link already right, Read and Remove allocate nothing for
// them.
func TestReadlinkatAllocatesNothing(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "l")
	if err := os.Symlink("target", name); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	var buf [64]byte
	allocs := testing.AllocsPerRun(100, func() {
		if n, err := Readlinkat(nil, name, buf[:]); err != nil || n != len("target") {
			t.Fatalf("Readlinkat = %d, %v", n, err)
		}
		if err := Unlinkat(nil, missing); err == nil {
			t.Fatal("Unlinkat of a missing name succeeded")
		}
		if err := Symlinkat("target", nil, name); err == nil {
			t.Fatal("Symlinkat over a link succeeded")
		}
	})
	if allocs != 0 {
		t.Errorf("Readlinkat, Unlinkat and Symlinkat allocate %v times per call, want 0", allocs)
	}
}

// A name with a NUL byte is EINVAL, before any system call.
func TestNULByteIsEINVAL(t *testing.T) {
	var buf [8]byte
	if _, err := Readlinkat(nil, "a\x00b", buf[:]); err == nil {
		t.Error("Readlinkat of a name with a NUL byte succeeded")
	}
	if err := Unlinkat(nil, "a\x00b"); err == nil {
		t.Error("Unlinkat of a name with a NUL byte succeeded")
	}
}
