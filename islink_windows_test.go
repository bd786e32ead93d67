package symlink

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/symlinkgo/symlink/internal/testutil"
)

// lstatInfo is a FileInfo as os.Lstat makes it on Windows: the mode bits
// src/os/types_windows.go computes from the attributes and the reparse tag
// (winsymlink=1, the default since Go 1.23), and the attributes in Sys.
type lstatInfo struct {
	mode  fs.FileMode
	attrs uint32
}

func (i lstatInfo) Name() string       { return "name" }
func (i lstatInfo) Size() int64        { return 0 }
func (i lstatInfo) Mode() fs.FileMode  { return i.mode }
func (i lstatInfo) ModTime() time.Time { return time.Time{} }
func (i lstatInfo) IsDir() bool        { return i.mode.IsDir() }
func (i lstatInfo) Sys() any           { return &syscall.Win32FileAttributeData{FileAttributes: i.attrs} }

// TestIsLinkSeesJunctions: a walk follows symbolic links and junctions, and
// treats every other reparse point as the file or directory it stands for.
func TestIsLinkSeesJunctions(t *testing.T) {
	const (
		dir   = syscall.FILE_ATTRIBUTE_DIRECTORY
		rp    = syscall.FILE_ATTRIBUTE_REPARSE_POINT
		plain = syscall.FILE_ATTRIBUTE_ARCHIVE
	)
	tests := []struct {
		name string
		info lstatInfo
		want bool
	}{
		{"file link", lstatInfo{fs.ModeSymlink | 0o666, rp | plain}, true},
		{"directory link", lstatInfo{fs.ModeSymlink | 0o666, rp | dir}, true},
		{"junction", lstatInfo{fs.ModeIrregular | 0o666, rp | dir}, true},
		{"junction, winsymlink=0", lstatInfo{fs.ModeSymlink | 0o666, rp | dir}, true},
		{"directory", lstatInfo{fs.ModeDir | 0o777, dir}, false},
		{"file", lstatInfo{0o666, plain}, false},
		{"cloud placeholder directory", lstatInfo{fs.ModeDir | fs.ModeIrregular | 0o777, rp | dir}, false},
		{"cloud placeholder file", lstatInfo{fs.ModeIrregular | 0o666, rp | plain}, false},
		{"app execution alias", lstatInfo{fs.ModeIrregular | 0o666, rp | plain}, false},
		{"deduplicated file", lstatInfo{0o666, rp | plain}, false},
		{"Unix socket", lstatInfo{fs.ModeSocket | 0o666, rp | plain}, false},
	}
	for _, tt := range tests {
		if got := isLink(tt.info); got != tt.want {
			t.Errorf("isLink(%s: mode %v, attributes %#x) = %v, want %v", tt.name, tt.info.mode, tt.info.attrs, got, tt.want)
		}
	}
}

// TestSystemJunctionIsALinkToTheRootWalk: os.Lstat's own answer for a
// junction is a link to isLink (so the WithinRoot walk follows it and sees
// where it leads), while WithRelative's resolveExisting keeps it as a name,
// as Windows does when it follows a link reached through it (on NTFS; Wine
// makes no junctions).
func TestSystemJunctionIsALinkToTheRootWalk(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o777); err != nil {
		t.Fatal(err)
	}
	junction := filepath.Join(dir, "junction")
	c := call{src: target, dst: junction, content: target}
	if err := c.makeJunction(junction); err != nil {
		testutil.Unavailable(t, "junctions", fmt.Sprintf("junctions unavailable: %v", err))
	}
	for path, want := range map[string]bool{junction: true, target: false} {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if isLink(fi) != want {
			t.Errorf("isLink(os.Lstat(%q)) = %v, want %v (mode %v)", path, !want, want, fi.Mode())
		}
	}
	got, err := resolveExisting(filepath.Join(junction, "x"))
	if want := filepath.Join(junction, "x"); err != nil || !strings.EqualFold(got, want) {
		t.Errorf("resolveExisting through a junction = %q, %v; want %q, the junction kept as a name", got, err, want)
	}
}
