package symlink

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSameContentInStoredForm: pairs of (content asked for, what os.Readlink
// reads back from the link Windows made with it), and pairs that differ.
func TestSameContentInStoredForm(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	vol := filepath.VolumeName(dir)
	same := []struct{ asked, stored string }{
		// Relative and rooted contents are stored as given, with `\`.
		{"releases/42", `releases\42`},
		{`releases\42`, `releases\42`},
		{"../x/./y", `..\x\.\y`},
		{"dir/", `dir\`},
		{"/top/x", `\top\x`},
		{`\??\C:\x`, `\??\C:\x`},
		// Absolute ones are made full and clean, and lose the NT prefix.
		{"C:/a/b", `C:\a\b`},
		{`C:\a\.\b\..\c`, `C:\a\c`},
		{`C:\a\`, `C:\a\`},
		{`c:\a`, `c:\a`},
		{`c:\a`, `C:\a`},
		{`C:\a`, `c:\a`},
		{`\\server\share\a\..\b`, `\\server\share\b`},
		{"//server/share/x", `\\server\share\x`},
		{`\\.\C:\a\..\b`, `C:\b`},
		// A `\\?\` path only changes its prefix.
		{`\\?\C:\a\..\b`, `C:\a\..\b`},
		{`\\?\UNC\server\share\x`, `\\server\share\x`},
		{`\\?\Volume{6f8a1c2e}\x`, `\\?\Volume{6f8a1c2e}\x`},
		// os.Root.Symlink stores an absolute content as given.
		{"C:/a/../b", `C:\a\..\b`},
		// A drive-relative one is made absolute from that drive's current
		// directory.
		{vol + "sub/x", filepath.Join(dir, "sub", "x")},
	}
	for _, tt := range same {
		if !sameContent(tt.stored, tt.asked) {
			t.Errorf("sameContent(%q, %q) = false: Windows stores %[2]q as %[1]q", tt.stored, tt.asked)
		}
	}
	differ := []struct{ asked, stored string }{
		{"a/b", "a/b"}, // a link holding `/` resolves to nothing: rewrite it
		{"a", `a\`},
		{`..\x`, filepath.Join(filepath.Dir(dir), "x")},
		{`\x`, vol + `\x`}, // rooted: followed from the link's volume, not this one
		{`C:\A`, `C:\a`},
		{`C:\a\b`, `C:\a\b\c`},
		{`C:\a`, `D:\a`},
		{`\\?\C:\a\..\b`, `C:\b`},
		{`\??\C:\x`, `C:\x`},
		{vol + "sub", filepath.Join(filepath.Dir(dir), "sub")},
	}
	for _, tt := range differ {
		if sameContent(tt.stored, tt.asked) {
			t.Errorf("sameContent(%q, %q) = true, want false", tt.stored, tt.asked)
		}
	}
}

// TestSystemReplaceFindsLinkAlreadyRight: on NTFS a link asked for with `/`,
// or an absolute path in another spelling, is found already right: it keeps
// its file ID, so a directory link is not swapped aside, and the path is
// never missing.
func TestSystemReplaceFindsLinkAlreadyRight(t *testing.T) {
	dir := t.TempDir()
	realLinksOrSkip(t, dir)
	if err := os.MkdirAll(filepath.Join(dir, "releases", "42"), 0o777); err != nil {
		t.Fatal(err)
	}
	abs := filepath.ToSlash(filepath.Join(dir, "releases", ".", "42"))
	for _, src := range []string{"releases/42", abs} {
		link := filepath.Join(dir, "current")
		os.Remove(link)
		if err := Create(src, link, WithKind(KindDir)); err != nil {
			t.Fatal(err)
		}
		before, err := os.Lstat(link)
		if err != nil {
			t.Fatal(err)
		}
		if err := Create(src, link, WithKind(KindDir), WithReplace()); err != nil {
			t.Fatal(err)
		}
		after, err := os.Lstat(link)
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(before, after) {
			t.Errorf("WithReplace of a link already holding %q made a new link", src)
		}
		if _, err := os.Stat(filepath.Join(link, ".")); err != nil {
			t.Errorf("link to %q does not resolve: %v", src, err)
		}
	}
}
