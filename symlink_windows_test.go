package symlink

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/windows"
)

const flagDir = windows.SYMBOLIC_LINK_FLAG_DIRECTORY

// createFake runs Create against f and returns its error and the calls it
// made, with the temporary directory's path shortened to "D".
func createFake(t *testing.T, f *fakeSystem, src string, opts ...Option) (calls []string, err error) {
	t.Helper()
	dir := t.TempDir()
	f.use(t)
	err = Create(src, filepath.Join(dir, "link"), opts...)
	for _, c := range f.calls {
		calls = append(calls, strings.ReplaceAll(c, dir, "D"))
	}
	return calls, err
}

func TestCreateSymlinkRetriesWithoutFlagOnlyOnInvalidParameter(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_INVALID_PARAMETER}}
	calls, err := createFake(t, f, "target", WithKind(KindFile))
	if err != nil {
		t.Fatalf("Create = %v, want nil after the retry without the flag", err)
	}
	want := []string{`symlink D\link 0x2`, `symlink D\link 0x0`}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if !flagRejected.Load() {
		t.Error("the rejected flag was not remembered")
	}

	// Remembered for the process: the next link is made in one call.
	f.calls = nil
	if err := createSymlink(`C:\x\second`, "target", flagDir); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`symlink C:\x\second 0x1`}, f.calls); diff != "" {
		t.Errorf("calls after the flag was rejected (-want +got):\n%s", diff)
	}
}

// TestCreateSymlinkKeepsFirstError: os.Symlink retries on any error and
// reports the retry's; only ERROR_INVALID_PARAMETER is retried here, and the
// first error is kept unless the retry shows the flag was at fault.
func TestCreateSymlinkKeepsFirstError(t *testing.T) {
	tests := []struct {
		name         string
		answers      []error
		want         error
		wantCalls    int
		wantRejected bool
	}{
		{"privilege not retried", []error{windows.ERROR_PRIVILEGE_NOT_HELD}, windows.ERROR_PRIVILEGE_NOT_HELD, 1, false},
		{"access denied not retried", []error{windows.ERROR_ACCESS_DENIED}, windows.ERROR_ACCESS_DENIED, 1, false},
		{"exists not retried", []error{windows.ERROR_ALREADY_EXISTS}, windows.ERROR_ALREADY_EXISTS, 1, false},
		{"invalid twice: not the flag", []error{windows.ERROR_INVALID_PARAMETER, windows.ERROR_INVALID_PARAMETER}, windows.ERROR_INVALID_PARAMETER, 2, false},
		{"old Windows without privilege", []error{windows.ERROR_INVALID_PARAMETER, windows.ERROR_PRIVILEGE_NOT_HELD}, windows.ERROR_PRIVILEGE_NOT_HELD, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSystem{symlinkErrs: tt.answers}
			f.use(t)
			err := createSymlink(`C:\x\link`, "target", 0)
			if err != tt.want {
				t.Errorf("createSymlink = %v, want %v", err, tt.want)
			}
			if len(f.calls) != tt.wantCalls {
				t.Errorf("%d calls %q, want %d", len(f.calls), f.calls, tt.wantCalls)
			}
			if flagRejected.Load() != tt.wantRejected {
				t.Errorf("flag rejection remembered = %v, want %v", flagRejected.Load(), tt.wantRejected)
			}
		})
	}
}

func TestMakeLinkKindAndSlashes(t *testing.T) {
	tests := []struct {
		src       string
		kind      Kind
		wantFlags string
		wantLink  string
	}{
		{"a/b/file", KindFile, "0x2", `a\b\file`},
		{"a/b/dir", KindDir, "0x3", `a\b\dir`},
		{"a/b/dir/", KindAuto, "0x3", `a\b\dir\`},
		{`C:\missing`, KindAuto, "0x2", `C:\missing`},
	}
	for _, tt := range tests {
		f := &fakeSystem{}
		calls, err := createFake(t, f, tt.src, WithKind(tt.kind))
		if err != nil {
			t.Fatalf("Create(%q, %v) = %v", tt.src, tt.kind, err)
		}
		if diff := cmp.Diff([]string{`symlink D\link ` + tt.wantFlags}, calls); diff != "" {
			t.Errorf("Create(%q, %v) calls (-want +got):\n%s", tt.src, tt.kind, diff)
		}
		for name, e := range f.entries {
			if e.content != tt.wantLink {
				t.Errorf("Create(%q, %v): %s holds %q, want %q", tt.src, tt.kind, name, e.content, tt.wantLink)
			}
		}
	}
}

func TestMakeLinkKindAutoLooksAtTarget(t *testing.T) {
	f := &fakeSystem{}
	calls, err := createFake(t, f, "..", WithKind(KindAuto)) // the temporary directory's parent
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`symlink D\link 0x3`}, calls); diff != "" {
		t.Errorf("a link to an existing directory: calls (-want +got):\n%s", diff)
	}
}

// TestPrivilegeErrorSaysWhatToDo: ERROR_PRIVILEGE_NOT_HELD is ErrPrivilege
// (and so a permission error), keeps its code for errors.As, and its message
// follows the Developer Mode setting.
func TestPrivilegeErrorSaysWhatToDo(t *testing.T) {
	tests := []struct {
		name          string
		on, known     bool
		kind          Kind
		want, notWant []string
	}{
		{"Developer Mode off", false, true, KindFile,
			[]string{"Developer Mode is off: turn on Developer Mode", "run the program as administrator"}, []string{"WithJunctionFallback"}},
		{"Developer Mode on", true, true, KindFile,
			[]string{"Developer Mode is on but does not grant it", "run the program as administrator"}, []string{"turn on"}},
		{"setting unreadable", false, false, KindFile,
			[]string{"needs Developer Mode or an elevated process: turn on Developer Mode"}, []string{"is off", "is on"}},
		{"directory link", false, true, KindDir,
			[]string{"Developer Mode is off", "fall back to a junction (WithJunctionFallback)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}, devOn: tt.on, devKnow: tt.known}
			_, err := createFake(t, f, "target", WithKind(tt.kind))
			assertErr(t, err, windows.ERROR_PRIVILEGE_NOT_HELD, []error{ErrPrivilege, ErrPermission, fs.ErrPermission}, []error{ErrUnsupported})
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(err.Error(), s) {
					t.Errorf("message %q holds %q", err, s)
				}
			}
			if len(f.entries) != 0 {
				t.Errorf("left %q", f.names())
			}
		})
	}
}

// TestUnsupportedFileSystemIsNamed: FAT and exFAT answer
// ERROR_INVALID_FUNCTION, other volumes without reparse points
// ERROR_NOT_SUPPORTED or ERROR_SYMLINK_NOT_SUPPORTED.
func TestUnsupportedFileSystemIsNamed(t *testing.T) {
	for _, code := range []syscall.Errno{windows.ERROR_INVALID_FUNCTION, windows.ERROR_NOT_SUPPORTED, windows.ERROR_SYMLINK_NOT_SUPPORTED} {
		f := &fakeSystem{symlinkErrs: []error{code}, root: `E:\`, fsName: "exFAT"}
		_, err := createFake(t, f, "target")
		assertErr(t, err, code, []error{ErrUnsupported, errors.ErrUnsupported}, []error{fs.ErrPermission, ErrPrivilege})
		if want := `the exFAT file system of E:\ cannot hold symbolic links; create the link on an NTFS or ReFS volume`; !strings.HasSuffix(err.Error(), want) {
			t.Errorf("error %d: message %q does not end in %q", code, err, want)
		}
	}
}

func TestUnsupportedUnknownFileSystem(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_INVALID_FUNCTION}}
	_, err := createFake(t, f, "target")
	assertErr(t, err, windows.ERROR_INVALID_FUNCTION, []error{ErrUnsupported}, nil)
	if want := "this file system cannot hold symbolic links"; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
}

// TestNotAReparsePointMeansUnsupportedOnlyOnShare: an SMB server that
// refuses links answers ERROR_NOT_A_REPARSE_POINT; on a local volume the
// code means something else and is passed on as it is.
func TestNotAReparsePointMeansUnsupportedOnlyOnShare(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_NOT_A_REPARSE_POINT}, root: `\\server\share\`, fsName: "NTFS", remote: true}
	_, err := createFake(t, f, "target")
	assertErr(t, err, windows.ERROR_NOT_A_REPARSE_POINT, []error{ErrUnsupported, errors.ErrUnsupported}, []error{fs.ErrPermission})
	if want := `the network share \\server\share\ does not take symbolic links`; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}

	f = &fakeSystem{symlinkErrs: []error{windows.ERROR_NOT_A_REPARSE_POINT}, root: `C:\`, fsName: "NTFS"}
	_, err = createFake(t, f, "target")
	assertErr(t, err, windows.ERROR_NOT_A_REPARSE_POINT, nil, []error{ErrUnsupported, ErrPermission, ErrExist, ErrNotExist, ErrInvalid})
}

// TestSuccessWithoutLinkIsUnsupported: Wine's CreateSymbolicLinkW reports
// success and creates nothing.
func TestSuccessWithoutLinkIsUnsupported(t *testing.T) {
	f := &fakeSystem{pretend: true}
	_, err := createFake(t, f, "target")
	assertErr(t, err, nil, []error{ErrUnsupported, errors.ErrUnsupported}, []error{fs.ErrPermission})
	if want := "the system reported success but created no link"; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}

	// Something that is no link appeared there: still no link.
	f = &fakeSystem{pretend: true}
	f.use(t)
	f.entries[`C:\x\link`] = fakeEntry{attrs: attrFile}
	if err := verifyLink(`C:\x\link`); err != errNoLink {
		t.Errorf("verifyLink of a plain file = %v, want %v", err, errNoLink)
	}
}

// TestErrorCodesMapToSentinels: each code CreateSymbolicLinkW may answer,
// through Create, answers errors.Is for its sentinel and errors.As for the
// code.
func TestErrorCodesMapToSentinels(t *testing.T) {
	tests := []struct {
		code syscall.Errno
		want []error
	}{
		{windows.ERROR_ACCESS_DENIED, []error{ErrPermission, fs.ErrPermission}},
		{windows.ERROR_WRITE_PROTECT, []error{ErrPermission, fs.ErrPermission}},
		{windows.ERROR_FILE_EXISTS, []error{ErrExist, fs.ErrExist}},
		{windows.ERROR_ALREADY_EXISTS, []error{ErrExist, fs.ErrExist}},
		{windows.ERROR_FILE_NOT_FOUND, []error{ErrNotExist, fs.ErrNotExist}},
		{windows.ERROR_PATH_NOT_FOUND, []error{ErrNotExist, fs.ErrNotExist}},
		{windows.ERROR_DIRECTORY, []error{ErrNotDir}},
		{windows.ERROR_INVALID_NAME, []error{ErrInvalid, fs.ErrInvalid}},
		{windows.ERROR_FILENAME_EXCED_RANGE, []error{ErrInvalid, fs.ErrInvalid}},
		{windows.ERROR_PRIVILEGE_NOT_HELD, []error{ErrPrivilege, ErrPermission, fs.ErrPermission}},
		{windows.ERROR_INVALID_FUNCTION, []error{ErrUnsupported, errors.ErrUnsupported}},
		{windows.ERROR_NOT_SUPPORTED, []error{ErrUnsupported, errors.ErrUnsupported}},
		{windows.ERROR_SYMLINK_NOT_SUPPORTED, []error{ErrUnsupported, errors.ErrUnsupported}},
	}
	all := []error{ErrExist, ErrNotExist, ErrPermission, ErrPrivilege, ErrUnsupported, ErrIsDir, ErrNotDir, ErrInvalid}
	for _, tt := range tests {
		var notWant []error
		for _, s := range all {
			if !errors.Is(tt.want[0], s) {
				notWant = append(notWant, s)
			}
		}
		// ERROR_FILE_EXISTS and ERROR_ALREADY_EXISTS would make Create
		// retry as for a name taken meanwhile; WithReplace is not given, so
		// it does not.
		f := &fakeSystem{symlinkErrs: []error{tt.code}}
		_, err := createFake(t, f, "target")
		assertErr(t, err, tt.code, tt.want, notWant)
		if got := errnoKind(tt.code); got != tt.want[0] {
			t.Errorf("errnoKind(%d) = %v, want %v", tt.code, got, tt.want[0])
		}
	}
	// Create retries ERROR_INVALID_PARAMETER, so it is asked directly.
	if got := errnoKind(windows.ERROR_INVALID_PARAMETER); got != ErrInvalid {
		t.Errorf("errnoKind(ERROR_INVALID_PARAMETER) = %v, want %v", got, ErrInvalid)
	}
	if got := errnoKind(windows.ERROR_NOT_A_REPARSE_POINT); got != nil {
		t.Errorf("errnoKind(ERROR_NOT_A_REPARSE_POINT) = %v, want nil: it means no links only on a share", got)
	}
}

// assertErr checks that err is an *Error that errors.As takes to code (when
// not nil) and that errors.Is finds each of want and none of notWant.
func assertErr(t *testing.T, err error, code error, want, notWant []error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if code != nil {
		var errno syscall.Errno
		if !errors.As(err, &errno) || errno != code {
			t.Errorf("errors.As(%v) reaches errno %d, want %d", err, errno, code)
		}
	}
	for _, s := range want {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(%v, %v) = false, want true", err, s)
		}
	}
	for _, s := range notWant {
		if errors.Is(err, s) {
			t.Errorf("errors.Is(%v, %v) = true, want false", err, s)
		}
	}
}
