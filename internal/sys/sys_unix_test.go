//go:build unix

package sys

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// The calls return the system's own errno, unwrapped, so that the caller
// can tell causes apart by ==.
func TestCallsReturnTheErrno(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "taken")
	if err := os.WriteFile(taken, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"Symlink over a file", Symlink("x", taken), unix.EEXIST},
		{"Link over a file", Link(taken, taken), unix.EEXIST},
		{"Link of nothing", Link(missing, filepath.Join(dir, "l")), unix.ENOENT},
		{"Rename of nothing", Rename(missing, taken), unix.ENOENT},
		{"Unlinkat of nothing", Unlinkat(nil, missing), unix.ENOENT},
	} {
		if tc.err != tc.want {
			t.Errorf("%s = %#v, want %v itself", tc.name, tc.err, tc.want)
		}
	}
}

func TestReadlinkatReadsByDescriptor(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("../some/where", filepath.Join(dir, "l")); err != nil {
		t.Fatal(err)
	}
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	buf := make([]byte, 64)
	for _, tc := range []struct {
		dir  *os.File
		name string
	}{{d, "l"}, {nil, filepath.Join(dir, "l")}} {
		n, err := Readlinkat(tc.dir, tc.name, buf)
		if err != nil || string(buf[:n]) != "../some/where" {
			t.Errorf("Readlinkat(%v, %q) = %q, %v; want \"../some/where\"", tc.dir != nil, tc.name, buf[:n], err)
		}
	}
	if _, err := Readlinkat(d, "nothing", buf); err != unix.ENOENT {
		t.Errorf("Readlinkat of a missing name = %v, want ENOENT", err)
	}
}

// Symlinkat makes the link in the directory its descriptor names, even once
// that directory has moved, and answers EEXIST itself for a taken name.
func TestSymlinkatMakesByDescriptor(t *testing.T) {
	if !HasSymlinkat {
		t.Skip("HasSymlinkat is false: no symlinkat(2) offered on " + runtime.GOOS)
	}
	dir := t.TempDir()
	d, err := OpenDir(filepath.Join(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	moved := dir + ".moved"
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	defer os.Rename(moved, dir)
	if err := Symlinkat("../some/where", d, "l"); err != nil {
		t.Fatal(err)
	}
	if got, err := os.Readlink(filepath.Join(moved, "l")); err != nil || got != "../some/where" {
		t.Errorf("the moved directory's l holds %q, %v; want \"../some/where\"", got, err)
	}
	if err := Symlinkat("x", d, "l"); err != unix.EEXIST {
		t.Errorf("Symlinkat over a link = %#v, want EEXIST itself", err)
	}
	if err := Symlinkat("x", d, "a\x00b"); err == nil {
		t.Error("Symlinkat of a name with a NUL byte succeeded")
	}
}

// Link makes a hard link of a symbolic link itself, never of its target.
func TestLinkDoesNotFollow(t *testing.T) {
	dir := t.TempDir()
	l, h := filepath.Join(dir, "l"), filepath.Join(dir, "h")
	if err := os.Symlink("target", l); err != nil {
		t.Fatal(err)
	}
	if err := Link(l, h); err != nil {
		t.Skipf("no hard link of a symbolic link here: %v", err)
	}
	fi, err := os.Lstat(h)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("Link of a link made %v (%v), want a symbolic link", fi, err)
	}
}

// Unlinkat never removes a directory, and IsDirAt sees one.
func TestUnlinkatLeavesDirectories(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := Unlinkat(nil, sub); err != unix.EISDIR && err != unix.EPERM {
		t.Errorf("Unlinkat of a directory = %v, want EISDIR or EPERM", err)
	}
	if !IsDirAt(nil, sub) {
		t.Errorf("IsDirAt(%q) = false after Unlinkat, want the directory still there", sub)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "l")); err != nil {
		t.Fatal(err)
	}
	if IsDirAt(nil, filepath.Join(dir, "l")) {
		t.Error("IsDirAt of a link to a directory = true, want false: it must not follow")
	}
}

func TestAccessAsksTheKernel(t *testing.T) {
	dir := t.TempDir()
	if err := Access(nil, dir, unix.W_OK|unix.X_OK); err != nil {
		t.Errorf("Access of the test's own temp dir = %v, want nil", err)
	}
	if err := Access(nil, filepath.Join(dir, "missing"), unix.W_OK); err != unix.ENOENT {
		t.Errorf("Access of a missing name = %v, want ENOENT", err)
	}
}

// OpenDir opens a directory, which can then be listed, and only a
// directory: a file is refused.
func TestOpenDirOpensOnlyADirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	f, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil || len(names) != 1 || names[0] != "file" {
		t.Errorf("OpenDir(%q) lists %q, %v; want [file]", dir, names, err)
	}
	for path, want := range map[string]error{
		filepath.Join(dir, "file"):    unix.ENOTDIR,
		filepath.Join(dir, "missing"): unix.ENOENT,
	} {
		if f, err := OpenDir(path); !errors.Is(err, want) {
			t.Errorf("OpenDir(%q) = %v, %v; want %v", path, f, err, want)
			f.Close()
		}
	}
}
