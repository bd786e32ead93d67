package symlink

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// fsImmutableFL is FS_IMMUTABLE_FL of <linux/fs.h>: no name may be made in
// such a directory, and symlinkat(2) there fails with EPERM.
const fsImmutableFL = 0x10

// TestEPERMExplainedByDescriptorToo: a link made in the directory opened (a
// Batch's, WithinRoot's) gets the same explanation of EPERM as one made by
// path. The EPERM is real, from an immutable directory; fsTypeOf names it a
// FAT file system, which the machine may be unable to mount.
func TestEPERMExplainedByDescriptorToo(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a directory immutable needs root")
	}
	dir := t.TempDir()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err == nil {
		err = unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags|fsImmutableFL))
	}
	if err != nil {
		t.Skipf("this file system has no immutable directories: %v", err)
	}
	defer unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags))
	defer func(f func(string) string) { fsTypeOf = f }(fsTypeOf)
	fsTypeOf = func(string) string { return "vfat" }

	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var b Batch
	b.Add("target", filepath.Join(dir, "link"))
	_, batchErr := b.Apply(context.Background())
	for name, err := range map[string]error{
		"Create":     Create("target", filepath.Join(dir, "link")),
		"WithinRoot": Create("target", "link", WithinRoot(root)),
		"Batch":      batchErr,
	} {
		if !errors.Is(err, ErrUnsupported) || errors.Is(err, ErrPermission) {
			t.Errorf("%s on a file system without links = %v, want ErrUnsupported, not ErrPermission", name, err)
		}
	}
}
