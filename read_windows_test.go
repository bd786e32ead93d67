package symlink

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/windows"
)

// reparseBuffer builds the REPARSE_DATA_BUFFER Windows keeps for a symbolic
// link (with flags) or a junction: the print name first in PathBuffer when
// printFirst is set, as some tools write it, else the substitute name first.
func reparseBuffer(tag uint32, subst, print string, flags uint32, printFirst bool) []byte {
	s, p := utf16.Encode([]rune(subst)), utf16.Encode([]rune(print))
	names := 8
	if tag == windows.IO_REPARSE_TAG_SYMLINK {
		names = 12
	}
	first, second := s, p
	if printFirst {
		first, second = p, s
	}
	path := make([]byte, 0, 2*(len(s)+len(p)+2))
	for _, u := range append(append(append(first, 0), second...), 0) {
		path = binary.LittleEndian.AppendUint16(path, u)
	}
	sOff, pOff := 0, 2*(len(first)+1)
	if printFirst {
		sOff, pOff = pOff, 0
	}
	b := make([]byte, 8+names, 8+names+len(path))
	le := binary.LittleEndian
	le.PutUint32(b, tag)
	le.PutUint16(b[4:], uint16(names+len(path)))
	le.PutUint16(b[8:], uint16(sOff))
	le.PutUint16(b[10:], uint16(2*len(s)))
	le.PutUint16(b[12:], uint16(pOff))
	le.PutUint16(b[14:], uint16(2*len(p)))
	if tag == windows.IO_REPARSE_TAG_SYMLINK {
		le.PutUint32(b[16:], flags)
	}
	return append(b, path...)
}

const (
	attrReparse    = windows.FILE_ATTRIBUTE_REPARSE_POINT
	attrDirReparse = windows.FILE_ATTRIBUTE_REPARSE_POINT | windows.FILE_ATTRIBUTE_DIRECTORY
	tagSymlink     = windows.IO_REPARSE_TAG_SYMLINK
	tagJunction    = windows.IO_REPARSE_TAG_MOUNT_POINT
	symlinkRelFlag = 1 // SYMLINK_FLAG_RELATIVE, which sys.ParseReparse reads
)

func TestParseReparseReadsLinksAndJunctions(t *testing.T) {
	cases := []struct {
		name  string
		attrs uint32
		buf   []byte
		want  Link
	}{
		{"absolute file link", attrReparse, reparseBuffer(tagSymlink, `\??\C:\dir\file`, `C:\dir\file`, 0, false),
			Link{Content: `C:\dir\file`, Kind: KindFile}},
		{"relative file link", attrReparse, reparseBuffer(tagSymlink, `..\file`, `..\file`, symlinkRelFlag, false),
			Link{Content: `..\file`, Kind: KindFile}},
		{"relative directory link", attrDirReparse, reparseBuffer(tagSymlink, `sub\dir`, `sub\dir`, symlinkRelFlag, false),
			Link{Content: `sub\dir`, Kind: KindDir}},
		{"absolute directory link, print name first", attrDirReparse, reparseBuffer(tagSymlink, `\??\D:\x`, `D:\x`, 0, true),
			Link{Content: `D:\x`, Kind: KindDir}},
		{"link to a share", attrReparse, reparseBuffer(tagSymlink, `\??\UNC\server\share\f`, `\\server\share\f`, 0, false),
			Link{Content: `\\server\share\f`, Kind: KindFile}},
		{"link stored with \\\\?\\", attrReparse, reparseBuffer(tagSymlink, `\\?\C:\long`, ``, 0, false),
			Link{Content: `\\?\C:\long`, Kind: KindFile}},
		{"relative link holding \\??\\ as text", attrReparse, reparseBuffer(tagSymlink, `\??\C:\x`, ``, symlinkRelFlag, false),
			Link{Content: `\??\C:\x`, Kind: KindFile}},
		{"junction", attrDirReparse, reparseBuffer(tagJunction, `\??\C:\target`, `C:\target`, 0, false),
			Link{Content: `C:\target`, Kind: KindDir, Junction: true}},
		{"junction, print name empty", attrDirReparse, reparseBuffer(tagJunction, `\??\C:\target`, ``, 0, false),
			Link{Content: `C:\target`, Kind: KindDir, Junction: true}},
		{"junction, print name other than the substitute", attrDirReparse, reparseBuffer(tagJunction, `\??\C:\real`, `C:\shown`, 0, true),
			Link{Content: `C:\real`, Kind: KindDir, Junction: true}},
		{"volume mount point", attrDirReparse, reparseBuffer(tagJunction, `\??\Volume{0b1c}\`, ``, 0, false),
			Link{Content: `\\?\Volume{0b1c}\`, Kind: KindDir, Junction: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseReparse(tc.attrs, tc.buf)
			if err != nil {
				t.Fatalf("parseReparse = %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("parseReparse (-want +got):\n%s", diff)
			}
			// Longer buffers (FSCTL_GET_REPARSE_POINT's answer in a
			// larger one) read the same.
			long := append(append([]byte(nil), tc.buf...), make([]byte, 64)...)
			if again, err := parseReparse(tc.attrs, long); err != nil || again != got {
				t.Errorf("with bytes after the data: %+v, %v; want %+v", again, err, got)
			}
		})
	}
}

func TestParseReparseRefusesWhatIsNoLink(t *testing.T) {
	for _, tc := range []struct {
		name  string
		attrs uint32
		buf   []byte
	}{
		{"a file", windows.FILE_ATTRIBUTE_NORMAL, nil},
		{"a directory", windows.FILE_ATTRIBUTE_DIRECTORY, nil},
		{"an app execution alias", attrReparse, reparseBuffer(tagAppExecLink, `x`, `y`, 0, false)},
		{"a deduplicated file", attrReparse, reparseBuffer(0x80000013, `x`, `y`, 0, false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if l, err := parseReparse(tc.attrs, tc.buf); !errors.Is(err, ErrNotLink) {
				t.Errorf("parseReparse = %+v, %v; want ErrNotLink", l, err)
			}
		})
	}
}

// TestParseReparseSurvivesMalformedData cuts valid buffers at every length
// and breaks their fields: parsing must never panic, and must answer
// ErrInvalid (or ErrNotLink, where too little is left to see the tag).
func TestParseReparseSurvivesMalformedData(t *testing.T) {
	valid := [][]byte{
		reparseBuffer(tagSymlink, `\??\C:\dir\file`, `C:\dir\file`, 0, false),
		reparseBuffer(tagJunction, `\??\C:\target`, `C:\target`, 0, true),
	}
	var bad [][]byte
	for _, b := range valid {
		for n := range len(b) {
			bad = append(bad, b[:n])
		}
		for _, field := range []struct {
			at int
			v  uint16
		}{
			{4, 0xFFFF},  // ReparseDataLength past the end
			{4, 2},       // too short for the name fields
			{8, 1},       // odd SubstituteNameOffset
			{10, 3},      // odd SubstituteNameLength
			{8, 0xFFF0},  // offset past the end
			{10, 0xFFF0}, // length past the end
			{10, 0},      // empty substitute name
		} {
			c := append([]byte(nil), b...)
			binary.LittleEndian.PutUint16(c[field.at:], field.v)
			bad = append(bad, c)
		}
	}
	for _, b := range bad {
		l, err := parseReparse(attrDirReparse, b)
		if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotLink) {
			t.Errorf("parseReparse(% x) = %+v, %v; want ErrInvalid", b, l, err)
		}
	}
}

func FuzzParseReparse(f *testing.F) {
	f.Add(uint32(attrReparse), reparseBuffer(tagSymlink, `\??\C:\x`, `C:\x`, 0, false))
	f.Add(uint32(attrDirReparse), reparseBuffer(tagJunction, `\??\C:\x`, `C:\x`, 0, false))
	f.Fuzz(func(t *testing.T, attrs uint32, b []byte) {
		l, err := parseReparse(attrs, b)
		if err == nil && l.Kind == KindAuto {
			t.Errorf("parseReparse = %+v without a kind", l)
		}
	})
}

// TestRemoveComparesContentAsWindowsStoresIt: Remove compares with the
// sameContent of WithReplace, given what a reparse point holds.
func TestRemoveComparesContentAsWindowsStoresIt(t *testing.T) {
	for _, tc := range []struct {
		stored, asked string
		want          bool
	}{
		{`C:\dir`, `C:\dir`, true},
		{`C:\dir`, `c:/dir`, true},
		{`c:\dir`, `C:\dir`, true},
		{`\??\C:\dir`, `C:\dir`, true},
		{`C:\dir`, `\\?\c:\dir`, true},
		{`\\server\share`, `\\?\UNC\server\share`, true},
		{`\??\UNC\server\share`, `//server/share`, true},
		{`..\a\b`, `../a/b`, true},
		{`C:\dir`, `C:\Dir`, false}, // only the drive letter's case
		{`C:\dir`, `D:\dir`, false},
		{`C:\dir`, `C:\dir\sub`, false},
		{`dir`, `C:\dir`, false},
	} {
		if got := sameContent(tc.stored, tc.asked); got != tc.want {
			t.Errorf("sameContent(%q, %q) = %v, want %v", tc.stored, tc.asked, got, tc.want)
		}
	}
}

// fakeReparse is one entry as openReparse would open it.
type fakeReparse struct {
	attrs   uint32
	buf     []byte
	openErr error
	// What was done to it.
	removed, closed bool
}

func (f *fakeReparse) use(t *testing.T) {
	saved := openReparse
	t.Cleanup(func() { openReparse = saved })
	openReparse = func(dir *os.File, name string) (reparsePoint, error) {
		if f.openErr != nil {
			return nil, f.openErr
		}
		return f, nil
	}
}

func (f *fakeReparse) data() (uint32, []byte, error) { return f.attrs, f.buf, nil }
func (f *fakeReparse) remove() error                 { f.removed = true; return nil }
func (f *fakeReparse) close() error                  { f.closed = true; return nil }

func TestReadThroughTheSeam(t *testing.T) {
	f := &fakeReparse{attrs: attrDirReparse, buf: reparseBuffer(tagJunction, `\??\C:\apps\tool`, `C:\apps\tool`, 0, false)}
	f.use(t)
	got, err := Read("link")
	if err != nil {
		t.Fatalf("Read of a junction = %v", err)
	}
	if diff := cmp.Diff(Link{Content: `C:\apps\tool`, Kind: KindDir, Junction: true}, got); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
	if f.removed || !f.closed {
		t.Errorf("Read removed the entry (%v) or left it open (closed: %v)", f.removed, f.closed)
	}
}

func TestRemoveThroughTheSeam(t *testing.T) {
	abs, err := filepath.Abs(`target\dir`)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		src     string
		entry   fakeReparse
		removed bool
		err     error
	}{
		{"a file link holding src", `..\file`,
			fakeReparse{attrs: attrReparse, buf: reparseBuffer(tagSymlink, `..\file`, `..\file`, symlinkRelFlag, false)}, true, nil},
		{"a directory link holding src written with /", `../dir`,
			fakeReparse{attrs: attrDirReparse, buf: reparseBuffer(tagSymlink, `..\dir`, `..\dir`, symlinkRelFlag, false)}, true, nil},
		{"a junction to an absolute src", `c:/apps/tool/`,
			fakeReparse{attrs: attrDirReparse, buf: reparseBuffer(tagJunction, `\??\C:\apps\tool`, `C:\apps\tool`, 0, false)}, true, nil},
		{"a junction Create made for a relative src", `target\dir`,
			fakeReparse{attrs: attrDirReparse, buf: reparseBuffer(tagJunction, `\??\`+abs, abs, 0, false)}, true, nil},
		{"a junction to another directory", `C:\apps\other`,
			fakeReparse{attrs: attrDirReparse, buf: reparseBuffer(tagJunction, `\??\C:\apps\tool`, `C:\apps\tool`, 0, false)}, false, ErrNotLink},
		{"a link holding other content", `..\file`,
			fakeReparse{attrs: attrReparse, buf: reparseBuffer(tagSymlink, `..\other`, `..\other`, symlinkRelFlag, false)}, false, ErrNotLink},
		{"an app execution alias", `x`,
			fakeReparse{attrs: attrReparse, buf: reparseBuffer(tagAppExecLink, `x`, `x`, 0, false)}, false, ErrNotLink},
		{"a directory", `x`, fakeReparse{attrs: windows.FILE_ATTRIBUTE_DIRECTORY}, false, ErrNotLink},
		{"a file", `x`, fakeReparse{attrs: windows.FILE_ATTRIBUTE_NORMAL}, false, ErrNotLink},
		{"malformed data", `x`, fakeReparse{attrs: attrReparse, buf: []byte{0x0C, 0, 0, 0xA0, 1}}, false, ErrInvalid},
		{"nothing", `x`, fakeReparse{openErr: windows.ERROR_FILE_NOT_FOUND}, false, ErrNotExist},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.entry
			f.use(t)
			err := Remove(tc.src, "link")
			if tc.err == nil && err != nil || tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("Remove = %v, want %v", err, tc.err)
			}
			var e *Error
			if err != nil && (!errors.As(err, &e) || e.Op != opRemove) {
				t.Errorf("Remove = %#v, want an *Error with Op %q", err, opRemove)
			}
			if f.removed != tc.removed {
				t.Errorf("removed = %v, want %v", f.removed, tc.removed)
			}
			if f.openErr == nil && !f.closed {
				t.Error("the entry was left open")
			}
		})
	}
}

// TestReplaceFindsItsJunctionAlreadyRight: with WithJunctionFallback, a
// junction to the directory src names is what Create would make, so
// WithReplace finds dst already right, even for a relative src.
func TestReplaceFindsItsJunctionAlreadyRight(t *testing.T) {
	abs, err := filepath.Abs(`target\dir`)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeReparse{attrs: attrDirReparse, buf: reparseBuffer(tagJunction, `\??\`+abs, abs, 0, false)}
	f.use(t)
	for _, tc := range []struct {
		junction bool
		want     bool
	}{{true, true}, {false, false}} {
		c := newCall(`target\dir`, "link", nil)
		c.content, c.junction = c.src, tc.junction
		if got := c.holdsJunction("link"); got != tc.want {
			t.Errorf("holdsJunction with WithJunctionFallback %v = %v, want %v", tc.junction, got, tc.want)
		}
	}
}
