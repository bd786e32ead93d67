package symlink

import (
	"errors"
	"io/fs"
	"testing"

	"golang.org/x/sys/windows"
)

// TestHardLinkAccessDenied: ERROR_ACCESS_DENIED from CreateHardLinkW means
// "no hard link of this" only for a directory entry, which Windows never
// hard-links; for a file or a file link it is a right denied, and a
// Batch's undo reports it as ErrPermission instead of ErrUnsupported.
func TestHardLinkAccessDenied(t *testing.T) {
	for _, tc := range []struct {
		name    string
		attrs   uint32
		noLinks bool
	}{
		{"a directory link", attrDirLink, true},
		{"a file link", attrLink, false},
		{"a file", attrFile, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeSystem{linkErr: windows.ERROR_ACCESS_DENIED}
			f.use(t)
			f.entries[`C:\d\dst`] = fakeEntry{attrs: tc.attrs, content: "a"}
			err := hardLink(`C:\d\dst`, `C:\d\h`)
			if err == nil || noHardLinks(err) != tc.noLinks {
				t.Errorf("hardLink = %v; noHardLinks %v, want %v", err, noHardLinks(err), tc.noLinks)
			}
			u := undoState{c: newCall("x", `C:\d\dst`, nil)}
			err = u.c.fail(opReplace, u.hide()) // as the Batch reports it
			want := ErrPermission
			if tc.noLinks {
				want = ErrUnsupported
			}
			if !errors.Is(err, want) || tc.noLinks != errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("the undo's hide = %v; want %v", err, want)
			}
			if !tc.noLinks && !errors.Is(err, fs.ErrPermission) {
				t.Errorf("the undo's hide = %v; want fs.ErrPermission too", err)
			}
			if diff := len(f.entries); diff != 1 {
				t.Errorf("entries after the failed hide: %v; want only dst", f.names())
			}
		})
	}
}
