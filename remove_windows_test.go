package symlink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/symlinkgo/symlink/internal/testutil"
	"golang.org/x/sys/windows"
)

// openForTest opens path with access and share, as another program would.
func openForTest(t *testing.T, path string, access, share uint32) windows.Handle {
	t.Helper()
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(p, access, share, nil, windows.OPEN_EXISTING, openFlags, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func attributesOf(t *testing.T, path string) uint32 {
	t.Helper()
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := windows.GetFileAttributes(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestRemoveOfAFileOpenWithoutShareDelete: Remove looks before it asks for
// the right to delete, so a file another program holds open without
// FILE_SHARE_DELETE is found not to be a link (ErrNotLink) instead of
// refusing the open with a sharing violation, and stays.
func TestRemoveOfAFileOpenWithoutShareDelete(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "file")
	if err := os.WriteFile(name, []byte("data"), 0o666); err != nil {
		t.Fatal(err)
	}
	h := openForTest(t, name, windows.GENERIC_READ, windows.FILE_SHARE_READ)
	defer windows.CloseHandle(h)
	err := Remove("x", name)
	if !errors.Is(err, ErrNotLink) || errors.Is(err, windows.ERROR_SHARING_VIOLATION) {
		t.Errorf("Remove of a file open without FILE_SHARE_DELETE = %v; want ErrNotLink", err)
	}
	if _, err := os.Stat(name); err != nil {
		t.Errorf("the file is gone: %v", err)
	}
}

// TestDeleteOpened deletes entries through a handle as Remove does: with
// POSIX semantics where Windows has them, and otherwise (an old Windows,
// FAT, Wine: driven here through the seam) the read-only attribute cleared
// first. A deletion that fails leaves the attribute as it was.
func TestDeleteOpened(t *testing.T) {
	for _, old := range []bool{false, true} {
		name := "this Windows"
		if old {
			name = "without FILE_DISPOSITION_INFO_EX"
		}
		t.Run(name, func(t *testing.T) {
			if old {
				saved := win.disposeEx
				t.Cleanup(func() { win.disposeEx = saved })
				win.disposeEx = func(windows.Handle) error { return windows.ERROR_INVALID_PARAMETER }
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "read-only")
			if err := os.WriteFile(file, nil, 0o444); err != nil { // FILE_ATTRIBUTE_READONLY
				t.Fatal(err)
			}
			h := openForTest(t, file, windows.DELETE|windows.FILE_READ_ATTRIBUTES, shareAll)
			err := deleteOpened(h)
			windows.CloseHandle(h)
			if err != nil {
				t.Errorf("deleteOpened of a read-only file = %v", err)
			}
			if _, err := os.Lstat(file); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("after deleteOpened, Lstat = %v; want ErrNotExist", err)
			}

			t.Run("a failed deletion keeps the attribute", func(t *testing.T) {
				full := filepath.Join(dir, "full")
				if err := os.MkdirAll(filepath.Join(full, "child"), 0o777); err != nil {
					t.Fatal(err)
				}
				p, _ := windows.UTF16PtrFromString(full)
				before := attributesOf(t, full) | windows.FILE_ATTRIBUTE_READONLY
				if err := windows.SetFileAttributes(p, before); err != nil {
					t.Fatal(err)
				}
				defer windows.SetFileAttributes(p, windows.FILE_ATTRIBUTE_DIRECTORY)
				if got := attributesOf(t, full); got != before {
					testutil.Unavailable(t, "readonly-dirs", fmt.Sprintf("the system keeps no read-only attribute on a directory (it has %#x after setting %#x, as under Wine): no failed deletion of a read-only entry to watch", got, before))
				}
				h = openForTest(t, full, windows.DELETE|windows.FILE_READ_ATTRIBUTES, shareAll)
				err = deleteOpened(h)
				windows.CloseHandle(h)
				if err == nil {
					t.Fatal("deleteOpened of a directory that is not empty succeeded")
				}
				if after := attributesOf(t, full); after != before {
					t.Errorf("after a failed deleteOpened the attributes are %#x, want %#x as before", after, before)
				}
			})
		})
	}
}

// makeReadOnly sets FILE_ATTRIBUTE_READONLY on the entry at path itself,
// not on what a link there points to.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	h := openForTest(t, path, windows.FILE_READ_ATTRIBUTES, shareAll)
	defer windows.CloseHandle(h)
	var fi windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &fi); err != nil {
		t.Fatal(err)
	}
	if err := setAttributes(h, fi.FileAttributes|windows.FILE_ATTRIBUTE_READONLY); err != nil {
		t.Fatal(err)
	}
}

// TestSystemReadOnlyLink: a link with the read-only attribute is replaced
// by WithReplace and removed by Remove, as rename(2) and unlink(2) would
// on Unix, with a file link and a directory link alike.
func TestSystemReadOnlyLink(t *testing.T) {
	for _, kind := range []Kind{KindFile, KindDir} {
		t.Run(kind.String(), func(t *testing.T) {
			dir := t.TempDir()
			realLinksOrSkip(t, dir)
			link := filepath.Join(dir, "link")
			if err := Create("a", link, WithKind(kind)); err != nil {
				t.Fatal(err)
			}
			makeReadOnly(t, link)
			if err := Create("b", link, WithKind(kind), WithReplace()); err != nil {
				t.Fatalf("replacing a read-only link = %v", err)
			}
			if got, err := os.Readlink(link); err != nil || got != "b" {
				t.Errorf("Readlink = %q, %v; want \"b\"", got, err)
			}
			makeReadOnly(t, link)
			if err := Remove("b", link); err != nil {
				t.Fatalf("removing a read-only link = %v", err)
			}
			if _, err := os.Lstat(link); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("after Remove, Lstat = %v; want ErrNotExist", err)
			}
		})
	}
}
