//go:build unix || windows

package symlink_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
)

func TestErrorMessage(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "link")
	mustCreate(t, "a", dst)
	err := symlink.Create("b", dst)
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		t.Fatalf("errors.As(%v, *syscall.Errno) = false, want the system's error", err)
	}
	want := fmt.Sprintf("symlink %q -> %q: %v", dst, "b", errno)
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got := errors.Unwrap(err); got != errno {
		t.Errorf("Unwrap() = %#v, want the bare %#v", got, errno)
	}
}
