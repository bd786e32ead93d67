package symlink

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/windows"
)

// twoEntries is a fake system with a new link at C:\d\new and what dst was
// at C:\d\dst (nothing if oldAttrs is 0).
func twoEntries(t *testing.T, newAttrs, oldAttrs uint32) *fakeSystem {
	t.Helper()
	f := &fakeSystem{}
	f.use(t)
	f.entries[`C:\d\new`] = fakeEntry{newAttrs, "b"}
	if oldAttrs != 0 {
		f.entries[`C:\d\dst`] = fakeEntry{oldAttrs, "a"}
	}
	return f
}

// renameCalls strips the random part of the temporary names in calls.
func renameCalls(calls []string) []string {
	var s []string
	for _, c := range calls {
		fields := strings.Fields(c)
		for i, f := range fields {
			if j := strings.Index(f, tempPrefix); j >= 0 {
				fields[i] = f[:j] + tempPrefix + "*"
			}
		}
		s = append(s, strings.Join(fields, " "))
	}
	return s
}

func TestRenameOverFileLinkInOneStep(t *testing.T) {
	for _, old := range []uint32{attrLink, attrFile} {
		f := twoEntries(t, attrLink, old)
		if err := renameOver(`C:\d\new`, `C:\d\dst`); err != nil {
			t.Fatalf("renameOver over %#x = %v", old, err)
		}
		if diff := cmp.Diff([]string{`rename C:\d\new C:\d\dst 0x1`}, f.calls); diff != "" {
			t.Errorf("over %#x: calls (-want +got):\n%s", old, diff)
		}
		if diff := cmp.Diff([]string{`C:\d\dst 0x400 "b"`}, f.names()); diff != "" {
			t.Errorf("over %#x: entries (-want +got):\n%s", old, diff)
		}
	}
}

// TestRenameOverDirectoryLinkMovesOldAside: Windows renames nothing over a
// directory link or junction, nor a directory link over a file.
func TestRenameOverDirectoryLinkMovesOldAside(t *testing.T) {
	tests := []struct {
		name     string
		new, old uint32
	}{
		{"dir link over dir link", attrDirLink, attrDirLink},
		{"file link over dir link", attrLink, attrDirLink},
		{"dir link over file link", attrDirLink, attrLink},
		{"dir link over file", attrDirLink, attrFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := twoEntries(t, tt.new, tt.old)
			if err := renameOver(`C:\d\new`, `C:\d\dst`); err != nil {
				t.Fatal(err)
			}
			want := []string{
				`rename C:\d\dst C:\d\.symlink-* 0x0`,
				`rename C:\d\new C:\d\dst 0x0`,
				`remove C:\d\.symlink-*`,
			}
			if diff := cmp.Diff(want, renameCalls(f.calls)); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if got := f.entries[`C:\d\dst`]; got.content != "b" || len(f.entries) != 1 {
				t.Errorf("entries %q, want only the new link at dst", f.names())
			}
		})
	}
}

func TestRenameOverPutsOldLinkBackOnFailure(t *testing.T) {
	f := twoEntries(t, attrDirLink, attrDirLink)
	f.renameErr = func(from, to string) error {
		if from == `C:\d\new` {
			return windows.ERROR_SHARING_VIOLATION
		}
		return nil
	}
	err := renameOver(`C:\d\new`, `C:\d\dst`)
	if err != windows.ERROR_SHARING_VIOLATION {
		t.Errorf("renameOver = %v, want the failed move's error", err)
	}
	want := []string{`C:\d\dst 0x410 "a"`, `C:\d\new 0x410 "b"`}
	if diff := cmp.Diff(want, f.names()); diff != "" {
		t.Errorf("entries after the failure (-want +got):\n%s", diff)
	}
}

func TestRenameOverSaysWhereOldLinkIsWhenNotPutBack(t *testing.T) {
	f := twoEntries(t, attrDirLink, attrDirLink)
	f.renameErr = func(from, to string) error {
		if to == `C:\d\dst` {
			return windows.ERROR_ACCESS_DENIED
		}
		return nil
	}
	err := renameOver(`C:\d\new`, `C:\d\dst`)
	if !errors.Is(err, ErrPermission) || !strings.Contains(err.Error(), `the old link could not be put back and is at "C:\\d\\.symlink-`) {
		t.Errorf("renameOver = %v, want ErrPermission naming where the old link is", err)
	}
	var errno windows.Errno
	if !errors.As(err, &errno) || errno != windows.ERROR_ACCESS_DENIED {
		t.Errorf("errors.As reaches %v, want ERROR_ACCESS_DENIED", errno)
	}
}

func TestRenameOverNeverMovesRealDirectory(t *testing.T) {
	f := twoEntries(t, attrDirLink, attrDir)
	if err := renameOver(`C:\d\new`, `C:\d\dst`); !errors.Is(err, ErrIsDir) {
		t.Errorf("renameOver onto a directory = %v, want ErrIsDir", err)
	}
	if len(f.calls) != 0 {
		t.Errorf("calls %q, want none", f.calls)
	}
}

func TestRenameOverMissingDst(t *testing.T) {
	f := twoEntries(t, attrDirLink, 0)
	if err := renameOver(`C:\d\new`, `C:\d\dst`); err != nil {
		t.Fatal(err)
	}
	want := []string{`rename C:\d\dst C:\d\.symlink-* 0x0`, `rename C:\d\new C:\d\dst 0x0`}
	if diff := cmp.Diff(want, renameCalls(f.calls)); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}
