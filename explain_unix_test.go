//go:build unix

package symlink

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink/internal/sys"
)

// TestEPERMOnFileSystemWithoutLinks drives the EPERM with which Linux and
// the BSDs refuse links on FAT, exFAT and SMB through the real Create, with
// fsTypeOf naming the file system: mounting one needs kernel modules that a
// test machine may lack (errors_linux_test.go mounts a real one where it can).
func TestEPERMOnFileSystemWithoutLinks(t *testing.T) {
	for _, name := range []string{"vfat", "msdos", "exfat", "cifs", "smb2", "smbfs"} {
		t.Run(name, func(t *testing.T) {
			defer func(f func(string) string) { fsTypeOf = f }(fsTypeOf)
			fsTypeOf = func(string) string { return name }
			c := call{content: "target"}
			err := c.fail(opSymlink, c.explain(syscall.EPERM, filepath.Join(t.TempDir(), "link")))
			if !errors.Is(err, ErrUnsupported) || !errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("EPERM on %s = %v, want ErrUnsupported and errors.ErrUnsupported", name, err)
			}
			if errors.Is(err, fs.ErrPermission) || errors.Is(err, ErrPermission) {
				t.Errorf("EPERM on %s = %v answers a permission error; want only ErrUnsupported", name, err)
			}
			var errno syscall.Errno
			if !errors.As(err, &errno) || errno != syscall.EPERM {
				t.Errorf("errors.As(%v) reaches %v, want EPERM", err, errno)
			}
			if msg := err.Error(); !strings.Contains(msg, name) || !strings.Contains(msg, "another file system") {
				t.Errorf("message %q should name %s and say what to do", msg, name)
			}
		})
	}
	// On a file system that has links, EPERM stays a permission error.
	c := call{content: "target"}
	err := c.fail(opSymlink, c.explain(syscall.EPERM, filepath.Join(t.TempDir(), "link")))
	if !errors.Is(err, ErrPermission) || errors.Is(err, ErrUnsupported) {
		t.Errorf("EPERM on %s = %v, want ErrPermission only", sys.FSType(t.TempDir()), err)
	}
}
