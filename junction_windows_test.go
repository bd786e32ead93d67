package symlink

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink/internal/testutil"
	"golang.org/x/sys/windows"
)

func TestJunctionFallbackAfterPrivilegeError(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}}
	calls, err := createFake(t, f, "sub/target", WithKind(KindDir), WithJunctionFallback())
	if err != nil {
		t.Fatalf("Create = %v, want a junction", err)
	}
	want := []string{`symlink D\link 0x3`, `junction D\link`}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	// The relative src is made absolute: a junction holds only that.
	var link fakeEntry
	for _, e := range f.entries {
		link = e
	}
	sub, shown := decodeMountPoint(t, []byte(link.content))
	if !strings.HasPrefix(sub, `\??\`) || !filepath.IsAbs(shown) || !strings.HasSuffix(shown, `\sub\target`) || sub != `\??\`+shown {
		t.Errorf(`junction holds %q (shown as %q), want \??\ and the absolute path of sub\target`, sub, shown)
	}
}

func TestJunctionFallbackOnlyForDirectoryLinks(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}}
	calls, err := createFake(t, f, "target", WithKind(KindFile), WithJunctionFallback())
	assertErr(t, err, windows.ERROR_PRIVILEGE_NOT_HELD, []error{ErrPrivilege}, nil)
	if len(calls) != 1 {
		t.Errorf("calls %q, want only the symlink", calls)
	}
}

func TestJunctionFallbackOnlyOnPrivilegeError(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_ACCESS_DENIED}}
	calls, err := createFake(t, f, "target", WithKind(KindDir), WithJunctionFallback())
	assertErr(t, err, windows.ERROR_ACCESS_DENIED, []error{ErrPermission}, []error{ErrPrivilege})
	if len(calls) != 1 {
		t.Errorf("calls %q, want only the symlink", calls)
	}
}

// TestJunctionFailureLeavesNothing: a junction whose reparse point cannot
// be set is no junction, and the error says why there is no link at all.
func TestJunctionFailureLeavesNothing(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}, reparseErr: windows.ERROR_INVALID_FUNCTION}
	calls, err := createFake(t, f, `C:\target`, WithKind(KindDir), WithJunctionFallback())
	assertErr(t, err, windows.ERROR_INVALID_FUNCTION, []error{ErrUnsupported}, []error{ErrPrivilege, fs.ErrPermission})
	if want := "symbolic link privilege not held, and no junction either: " + errText(windows.ERROR_INVALID_FUNCTION); !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	want := []string{`symlink D\link 0x3`, `junction D\link`}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if len(f.entries) != 0 {
		t.Errorf("left behind: %q", f.names())
	}
}

// TestSystemJunctionByHandle makes junctions with the real calls. A name
// already taken, even by an empty directory, is ErrExist and stays as it
// was; a missing parent is ErrNotExist. A new name becomes a junction (on
// NTFS), or, where the reparse point cannot be set (Wine), nothing: the
// directory made for it is deleted through its handle.
func TestSystemJunctionByHandle(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o777); err != nil {
		t.Fatal(err)
	}
	data, err := mountPointData(target)
	if err != nil {
		t.Fatal(err)
	}
	taken := filepath.Join(dir, "taken")
	if err := os.Mkdir(taken, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := createJunction(taken, data); !errors.Is(err, fs.ErrExist) {
		t.Errorf("createJunction over an empty directory = %v; want ErrExist", err)
	}
	if fi, err := os.Lstat(taken); err != nil || !fi.IsDir() || fi.Mode()&fs.ModeIrregular != 0 {
		t.Errorf("the directory at the taken name is now %v, %v; want it as it was", fi, err)
	}
	if err := createJunction(filepath.Join(dir, "missing", "j"), data); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("createJunction in a missing directory = %v; want ErrNotExist", err)
	}
	j := filepath.Join(dir, "j")
	err = createJunction(j, data)
	if err != nil {
		if _, lerr := os.Lstat(j); !errors.Is(lerr, fs.ErrNotExist) {
			t.Errorf("createJunction = %v, and left %v at its name; want nothing", err, lerr)
		}
		testutil.Unavailable(t, "junctions", fmt.Sprintf("no junction here (the reparse point was refused: %v); nothing was left", err))
	}
	l, err := Read(j)
	if err != nil || !l.Junction || !strings.EqualFold(l.Content, target) {
		t.Errorf("Read of the junction = %+v, %v; want a junction to %q", l, err, target)
	}
}

func TestJunctionToNetworkPathIsUnsupported(t *testing.T) {
	for _, src := range []string{`\\server\share\dir`, `\\?\UNC\server\share\dir`} {
		f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}}
		calls, err := createFake(t, f, src, WithKind(KindDir), WithJunctionFallback())
		assertErr(t, err, nil, []error{ErrUnsupported, errors.ErrUnsupported}, []error{fs.ErrPermission})
		if want := "a junction can point only to a local drive"; !strings.Contains(err.Error(), want) {
			t.Errorf("Create(%q): message %q lacks %q", src, err, want)
		}
		if len(calls) != 1 {
			t.Errorf("Create(%q): calls %q, want nothing after the symlink", src, calls)
		}
	}
}

// TestJunctionToAMappedNetworkDrive: a drive letter that names a network
// share is refused as a UNC path is, before anything is made.
func TestJunctionToAMappedNetworkDrive(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}, root: `Z:\`, remote: true}
	calls, err := createFake(t, f, `Z:\projects\tool`, WithKind(KindDir), WithJunctionFallback())
	assertErr(t, err, nil, []error{ErrUnsupported, errors.ErrUnsupported}, []error{fs.ErrPermission})
	if want := "a junction can point only to a local drive"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Create: %v; want a message with %q", err, want)
	}
	if len(calls) != 1 {
		t.Errorf("calls %q, want nothing after the symlink", calls)
	}
}

// TestJunctionToAVerbatimPath: a `\\?\` path is taken as written, its ".."
// included, as Windows takes it; only the prefix goes.
func TestJunctionToAVerbatimPath(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}}
	if _, err := createFake(t, f, `\\?\C:\a\..\b`, WithKind(KindDir), WithJunctionFallback()); err != nil {
		t.Fatalf("Create = %v, want a junction", err)
	}
	var link fakeEntry
	for _, e := range f.entries {
		link = e
	}
	if sub, shown := decodeMountPoint(t, []byte(link.content)); sub != `\??\C:\a\..\b` || shown != `C:\a\..\b` {
		t.Errorf(`junction holds %q (shown as %q); want \??\C:\a\..\b, as written`, sub, shown)
	}
}

// TestJunctionNameTakenIsExist: createTemp retries a taken name only on
// fs.ErrExist, which a junction's error must still answer.
func TestJunctionNameTakenIsExist(t *testing.T) {
	f := &fakeSystem{symlinkErrs: []error{windows.ERROR_PRIVILEGE_NOT_HELD}}
	f.use(t)
	f.entries[`C:\x\link`] = fakeEntry{attrs: attrDir}
	c := call{src: `C:\target`, dst: `C:\x\link`, content: `C:\target`}
	c.kind, c.junction = KindDir, true
	err := c.makeLink(`C:\x\link`)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("makeLink over a taken name = %v, want fs.ErrExist", err)
	}
}

func TestJunctionTarget(t *testing.T) {
	tests := []struct{ in, want string }{
		{`C:\a\b`, `C:\a\b`},
		{`C:/a/./c/../b/`, `C:\a\b`},
		{`\\?\C:\a\b`, `C:\a\b`},
		{`\\server\share\a`, ""},
		{`\\?\UNC\server\share\a`, ""},
	}
	for _, tt := range tests {
		got, err := junctionTarget(tt.in)
		if tt.want == "" {
			if !errors.Is(err, ErrUnsupported) {
				t.Errorf("junctionTarget(%q) = %q, %v; want ErrUnsupported", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("junctionTarget(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	got, err := junctionTarget("rel")
	if wd, _ := os.Getwd(); err != nil || got != filepath.Join(wd, "rel") {
		t.Errorf("junctionTarget(%q) = %q, %v; want it under the working directory %q", "rel", got, err, wd)
	}
}

func TestMountPointDataLayout(t *testing.T) {
	data, err := mountPointData(`C:\dir`)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if tag := le.Uint32(data); tag != windows.IO_REPARSE_TAG_MOUNT_POINT {
		t.Errorf("tag %#x, want IO_REPARSE_TAG_MOUNT_POINT", tag)
	}
	if n := le.Uint16(data[4:]); int(n) != len(data)-8 {
		t.Errorf("ReparseDataLength %d, want %d (all after the header)", n, len(data)-8)
	}
	sub, shown := decodeMountPoint(t, data)
	if sub != `\??\C:\dir` || shown != `C:\dir` {
		t.Errorf(`names %q, %q; want \??\C:\dir, C:\dir`, sub, shown)
	}
	// Both names are NUL-terminated, as the tools that read junctions expect.
	if end := len(data) - 2; data[end] != 0 || data[end+1] != 0 {
		t.Error("print name not NUL-terminated")
	}

	if _, err := mountPointData(`C:\` + strings.Repeat("x", windows.MAXIMUM_REPARSE_DATA_BUFFER_SIZE/4)); !errors.Is(err, ErrInvalid) {
		t.Errorf("mountPointData of an over-long target = %v, want ErrInvalid", err)
	}
}

// decodeMountPoint reads the substitute and print names of a mount point's
// reparse data.
func decodeMountPoint(t *testing.T, data []byte) (sub, shown string) {
	t.Helper()
	if len(data) < 16 {
		t.Fatalf("reparse data of %d bytes", len(data))
	}
	le := binary.LittleEndian
	name := func(off, n uint16) string {
		b := data[16+int(off) : 16+int(off)+int(n)]
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = le.Uint16(b[2*i:])
		}
		return string(utf16.Decode(u))
	}
	return name(le.Uint16(data[8:]), le.Uint16(data[10:])), name(le.Uint16(data[12:]), le.Uint16(data[14:]))
}
