package sys

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestRmdir: Rmdir removes an empty directory, by path or in an opened
// directory, and nothing else: a file, a link to a directory and a
// directory that holds something stay.
func TestRmdir(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.Mkdir(p, 0o777); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := mk("empty")
	if err := Rmdir(nil, empty); err != nil {
		t.Errorf("Rmdir of an empty directory by path = %v", err)
	}
	mk("empty-in")
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := Rmdir(d, "empty-in"); err != nil {
		t.Errorf("Rmdir of an empty directory in an opened one = %v", err)
	}
	for _, name := range []string{"empty", "empty-in"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s after Rmdir: %v, want it gone", name, err)
		}
	}

	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	full := mk("full")
	if err := os.WriteFile(filepath.Join(full, "x"), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	stay := map[string]error{file: syscall.ENOTDIR, full: nil}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("full", link); err == nil {
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			stay[link] = syscall.ENOTDIR
		}
	} else {
		t.Logf("no link to a directory here (%v): that case is not checked", err)
	}
	for p, want := range stay {
		err := Rmdir(nil, p)
		if err == nil || want != nil && !errors.Is(err, want) {
			t.Errorf("Rmdir(%s) = %v, want %v", filepath.Base(p), err, want)
		}
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s after Rmdir: %v, want it kept", filepath.Base(p), err)
		}
	}
}
