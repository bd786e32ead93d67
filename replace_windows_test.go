package symlink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink/internal/testutil"
	"golang.org/x/sys/windows"
)

// twoEntries is a fake system with a new link at C:\d\new and what dst was
// at C:\d\dst (nothing if oldAttrs is 0).
func twoEntries(t *testing.T, newAttrs, oldAttrs uint32) *fakeSystem {
	t.Helper()
	f := &fakeSystem{}
	f.use(t)
	f.entries[`C:\d\new`] = fakeEntry{attrs: newAttrs, content: "b"}
	if oldAttrs != 0 {
		f.entries[`C:\d\dst`] = fakeEntry{attrs: oldAttrs, content: "a"}
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

// TestRenameOverFileLinkInOneStep: a file link or a file is replaced with
// POSIX semantics, which an open handle on dst does not stop.
func TestRenameOverFileLinkInOneStep(t *testing.T) {
	for _, old := range []uint32{attrLink, attrFile, 0} {
		f := twoEntries(t, attrLink, old)
		if err := renameOver(`C:\d\new`, `C:\d\dst`); err != nil {
			t.Fatalf("renameOver over %#x = %v", old, err)
		}
		if diff := cmp.Diff([]string{`renameReplace C:\d\new C:\d\dst 0x40`}, f.calls); diff != "" {
			t.Errorf("over %#x: calls (-want +got):\n%s", old, diff)
		}
		if diff := cmp.Diff([]string{`C:\d\dst 0x400 "b"`}, f.names()); diff != "" {
			t.Errorf("over %#x: entries (-want +got):\n%s", old, diff)
		}
	}
}

// TestRenameOverFallsBackToMoveFileEx where Windows (before 10 version 1607)
// or the file system (FAT) does not know POSIX semantics.
func TestRenameOverFallsBackToMoveFileEx(t *testing.T) {
	for _, code := range []error{windows.ERROR_INVALID_PARAMETER, windows.ERROR_NOT_SUPPORTED, windows.ERROR_INVALID_FUNCTION, windows.ERROR_CALL_NOT_IMPLEMENTED} {
		f := twoEntries(t, attrLink, attrLink)
		f.posixErr = code
		if err := renameOver(`C:\d\new`, `C:\d\dst`); err != nil {
			t.Fatalf("%v: renameOver = %v", code, err)
		}
		want := []string{`renameReplace C:\d\new C:\d\dst 0x40`, `rename C:\d\new C:\d\dst 0x1`}
		if code == windows.ERROR_INVALID_PARAMETER { // perhaps only the flag: tried without it
			want = slices.Insert(want, 1, `renameReplace C:\d\new C:\d\dst 0x0`)
		}
		if diff := cmp.Diff(want, f.calls); diff != "" {
			t.Errorf("%v: calls (-want +got):\n%s", code, diff)
		}
	}
}

// TestRenameOverReadOnlyFlagOnAnOldBuild: Windows 10 before 1809 knows
// POSIX renames but not FILE_RENAME_IGNORE_READONLY_ATTRIBUTE, and refuses
// the flag: the rename is made again without it, still with POSIX semantics.
func TestRenameOverReadOnlyFlagOnAnOldBuild(t *testing.T) {
	f := twoEntries(t, attrLink, attrLink)
	f.build = 17134 // 10 version 1803
	if err := renameOver(`C:\d\new`, `C:\d\dst`); err != nil {
		t.Fatalf("renameOver = %v", err)
	}
	want := []string{`renameReplace C:\d\new C:\d\dst 0x40`, `renameReplace C:\d\new C:\d\dst 0x0`}
	if diff := cmp.Diff(want, f.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`C:\d\dst 0x400 "b"`}, f.names()); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

// TestRenameOverKeepsPOSIXRenameError: any other failure is the answer;
// MoveFileExW would only fail as well, or worse, differently.
func TestRenameOverKeepsPOSIXRenameError(t *testing.T) {
	f := twoEntries(t, attrLink, attrLink)
	f.posixErr = windows.ERROR_SHARING_VIOLATION
	if err := renameOver(`C:\d\new`, `C:\d\dst`); err != windows.ERROR_SHARING_VIOLATION {
		t.Errorf("renameOver = %v, want ERROR_SHARING_VIOLATION", err)
	}
	if len(f.calls) != 1 {
		t.Errorf("calls %q, want only the POSIX rename", f.calls)
	}
}

// TestRenameOverDirectoryLinkMovesOldAside: Windows renames nothing over a
// directory link or a junction, nor a directory link over a file.
func TestRenameOverDirectoryLinkMovesOldAside(t *testing.T) {
	tests := []struct {
		name     string
		new, old uint32
		oldTag   uint32
	}{
		{"dir link over dir link", attrDirLink, attrDirLink, 0},
		{"file link over dir link", attrLink, attrDirLink, 0},
		{"dir link over file link", attrDirLink, attrLink, 0},
		{"dir link over file", attrDirLink, attrFile, 0},
		{"file link over junction", attrLink, attrDirLink, windows.IO_REPARSE_TAG_MOUNT_POINT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := twoEntries(t, tt.new, tt.old)
			f.entries[`C:\d\dst`] = fakeEntry{attrs: tt.old, content: "a", tag: tt.oldTag}
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

// TestRenameOverNeverMovesDirectory: a directory is never moved aside,
// whatever reparse point it has, unless the tag makes it a link.
func TestRenameOverNeverMovesDirectory(t *testing.T) {
	tests := []struct {
		name string
		tag  uint32
	}{
		{"plain", 0},
		{"cloud placeholder", tagCloud},
		{"deduplicated", tagDedup},
		{"app execution alias", tagAppExecLink},
		{"other name surrogate", tagWCILink},
	}
	for _, tt := range tests {
		for _, newAttrs := range []uint32{attrLink, attrDirLink} {
			f := twoEntries(t, newAttrs, attrDir)
			if tt.tag != 0 {
				f.entries[`C:\d\dst`] = fakeEntry{attrs: attrDirLink, content: "a", tag: tt.tag}
			}
			if err := renameOver(`C:\d\new`, `C:\d\dst`); !errors.Is(err, ErrIsDir) {
				t.Errorf("%s, new %#x: renameOver onto a directory = %v, want ErrIsDir", tt.name, newAttrs, err)
			}
			if len(f.calls) != 0 {
				t.Errorf("%s, new %#x: calls %q, want none", tt.name, newAttrs, f.calls)
			}
		}
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

// TestSystemRenameOverOpenFile: the new entry replaces dst while another
// handle has dst open, sharing it fully as readers and os.Lstat do; on NTFS
// MoveFileExW fails there with ERROR_ACCESS_DENIED.
func TestSystemRenameOverOpenFile(t *testing.T) {
	dir := t.TempDir()
	tmp, dst := filepath.Join(dir, "new"), filepath.Join(dir, "dst")
	for name, data := range map[string]string{tmp: "new", dst: "old"} {
		if err := os.WriteFile(name, []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	probe := filepath.Join(dir, "probe")
	if err := os.WriteFile(probe, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := win.renameReplace(probe, filepath.Join(dir, "probed"), 0); noPOSIXRename(err) {
		testutil.Unavailable(t, "posix-rename", fmt.Sprintf("no rename with POSIX semantics here (Windows before 10 version 1607, Wine or FAT): %v", err))
	}
	p, err := windows.UTF16PtrFromString(dst)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(h)
	if err := renameOver(tmp, dst); err != nil {
		t.Fatalf("renameOver onto an open file = %v", err)
	}
	if b, err := os.ReadFile(dst); err != nil || string(b) != "new" {
		t.Errorf("dst holds %q, %v; want \"new\"", b, err)
	}
	if _, err := os.Lstat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the new entry is still at its temporary name: %v", err)
	}
}

// TestSystemReplaceFileLinkWhileOpen: WithReplace of a file link succeeds
// while the old link is open.
func TestSystemReplaceFileLinkWhileOpen(t *testing.T) {
	dir := t.TempDir()
	realLinksOrSkip(t, dir)
	link := filepath.Join(dir, "link")
	if err := Create("a", link, WithKind(KindFile)); err != nil {
		t.Fatal(err)
	}
	p, err := windows.UTF16PtrFromString(link)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(p, 0, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(h)
	if err := Create("b", link, WithKind(KindFile), WithReplace()); err != nil {
		t.Fatalf("replacing an open file link = %v", err)
	}
	if got, err := os.Readlink(link); err != nil || got != "b" {
		t.Errorf("Readlink = %q, %v; want \"b\"", got, err)
	}
}
