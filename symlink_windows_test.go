package symlink

import (
	"errors"
	"io/fs"
	"os"
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

// TestUnprivilegedFlagFollowsBuild: allowUnprivilegedCreate is asked for
// from build 14972 on, and only there, in one call per link.
func TestUnprivilegedFlagFollowsBuild(t *testing.T) {
	tests := []struct {
		build uint32
		want  string
	}{
		{14393, `symlink D\link 0x0`}, // Windows 10 1607
		{14971, `symlink D\link 0x0`},
		{unprivilegedBuild, `symlink D\link 0x2`},
		{currentBuild, `symlink D\link 0x2`},
	}
	for _, tt := range tests {
		f := &fakeSystem{build: tt.build}
		calls, err := createFake(t, f, "target", WithKind(KindFile))
		if err != nil {
			t.Fatalf("build %d: Create = %v", tt.build, err)
		}
		if diff := cmp.Diff([]string{tt.want}, calls); diff != "" {
			t.Errorf("build %d: calls (-want +got):\n%s", tt.build, diff)
		}
	}
}

// TestInvalidParameterIsInvalidAndNotRemembered: ERROR_INVALID_PARAMETER
// is not taken for a rejected flag: no retry, ErrInvalid, and the next link
// of the process still asks for the flag. A latch on the first 87 turned
// every later link into a privilege error (nodejs/node#27795).
func TestInvalidParameterIsInvalidAndNotRemembered(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_INVALID_PARAMETER}}
	calls, err := createFake(t, f, "target", WithKind(KindFile))
	assertErr(t, err, windows.ERROR_INVALID_PARAMETER, []error{ErrInvalid, fs.ErrInvalid}, []error{ErrPrivilege, ErrPermission})
	if diff := cmp.Diff([]string{`symlink D\link 0x2`}, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}

	f.calls = nil
	if err := createSymlink(`C:\x\second`, "target", flagDir); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`symlink C:\x\second 0x3`}, f.calls); diff != "" {
		t.Errorf("the next link (-want +got):\n%s", diff)
	}
}

// TestCreateSymlinkKeepsItsError: os.Symlink retries on any error and
// reports the retry's; here each error is the one call's.
func TestCreateSymlinkKeepsItsError(t *testing.T) {
	for _, code := range []error{windows.ERROR_PRIVILEGE_NOT_HELD, windows.ERROR_ACCESS_DENIED, windows.ERROR_ALREADY_EXISTS} {
		f := &fakeSystem{symlinkErrs: []error{code}}
		f.use(t)
		if err := createSymlink(`C:\x\link`, "target", 0); err != code {
			t.Errorf("createSymlink = %v, want %v", err, code)
		}
		if len(f.calls) != 1 {
			t.Errorf("%v: %d calls %q, want 1", code, len(f.calls), f.calls)
		}
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
		{windows.ERROR_INVALID_PARAMETER, []error{ErrInvalid, fs.ErrInvalid}},
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

// TestSuccessWithoutLinkInMissingDirectoryIsNotExist: Wine reports success
// for a link into a directory that does not exist; Windows answers
// ERROR_PATH_NOT_FOUND there, and so does Create, not ErrUnsupported.
func TestSuccessWithoutLinkInMissingDirectoryIsNotExist(t *testing.T) {
	f := &fakeSystem{pretend: true}
	f.use(t)
	err := Create("target", filepath.Join(t.TempDir(), "missing", "link"))
	assertErr(t, err, windows.ERROR_PATH_NOT_FOUND, []error{ErrNotExist, fs.ErrNotExist}, []error{ErrUnsupported})
}

// TestVerifyLinkWantsALinkTag: a reparse point that is no link (a cloud
// placeholder appearing there) is no link made.
func TestVerifyLinkWantsALinkTag(t *testing.T) {
	f := &fakeSystem{}
	f.use(t)
	f.entries[`C:\x\link`] = fakeEntry{attrs: attrLink, tag: tagCloud}
	if err := verifyLink(`C:\x\link`); err != errNoLink {
		t.Errorf("verifyLink of a cloud placeholder = %v, want %v", err, errNoLink)
	}
	f.entries[`C:\x\link`] = fakeEntry{attrs: attrDirLink, tag: windows.IO_REPARSE_TAG_MOUNT_POINT}
	if err := verifyLink(`C:\x\link`); err != nil {
		t.Errorf("verifyLink of a junction = %v, want nil", err)
	}
}

// TestDriveRelativeTarget: `C:x` is followed from drive C's current
// directory, as CreateSymbolicLinkW stores it, not from the link's
// directory: the kind is that of the directory there, WithTargetMustExist
// finds it, and a junction points to it.
func TestDriveRelativeTarget(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	src := filepath.VolumeName(dir) + "sub"
	links := t.TempDir()

	f := &fakeSystem{}
	f.use(t)
	if err := Create(src, filepath.Join(links, "auto"), WithTargetMustExist()); err != nil {
		t.Fatalf("Create(%q, WithTargetMustExist) = %v", src, err)
	}
	if e := f.entries[filepath.Join(links, "auto")]; e.attrs != attrDirLink || e.content != src {
		t.Errorf("Create(%q) made %#x holding %q, want a directory link holding %[1]q", src, e.attrs, e.content)
	}

	f = &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}}
	f.use(t)
	if err := Create(src, filepath.Join(links, "junction"), WithJunctionFallback()); err != nil {
		t.Fatal(err)
	}
	if _, shown := decodeMountPoint(t, []byte(f.entries[filepath.Join(links, "junction")].content)); !strings.EqualFold(shown, sub) {
		t.Errorf("junction to %q points to %q, want %q", src, shown, sub)
	}
}
