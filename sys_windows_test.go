package symlink

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/symlinkgo/symlink/internal/testutil"
	"golang.org/x/sys/windows"
)

func TestLongPath(t *testing.T) {
	long := `C:\` + strings.Repeat(`abcdefghi\`, 30) + "link"
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel := strings.Repeat(`abcdefghi\`, 30) + "link"
	dotted := `C:\` + strings.Repeat(`a\..\`, 60) + "link"
	tests := []struct{ in, want string }{
		{`C:\short\link`, `C:\short\link`},
		{"short", "short"},
		{long, `\\?\` + long},
		{strings.ReplaceAll(long, `\`, "/"), `\\?\` + long},
		{dotted, dotted}, // short once clean: Windows cleans it itself
		{`\\server\share\` + rel, `\\?\UNC\server\share\` + rel},
		{`\\?\` + long, `\\?\` + long},
		{`\??\` + long, `\??\` + long},
		{`\\.\pipe\` + rel, `\\.\pipe\` + rel},
		{rel, `\\?\` + filepath.Join(wd, rel)},
	}
	for _, tt := range tests {
		if got := longPath(tt.in); got != tt.want {
			t.Errorf("longPath(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// The tests below run the real system calls: under Wine, and on Windows in
// CI. Those that need a real link skip, with the package's reason, where
// Check says links cannot be made.

// realLinksOrSkip skips t when this process cannot make links in dir.
func realLinksOrSkip(t *testing.T, dir string) {
	t.Helper()
	if err := Check(dir); errors.Is(err, ErrUnsupported) || errors.Is(err, ErrPrivilege) {
		testutil.Unavailable(t, "links", fmt.Sprintf("symbolic links unavailable in %s: %v", dir, err))
	} else if err != nil {
		t.Fatalf("Check(%q) = %v", dir, err)
	}
}

// TestSystemLongPaths: every call the package makes takes paths longer than
// MAX_PATH (hard links work under Wine, so this runs there too).
func TestSystemLongPaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 100), strings.Repeat("e", 100), strings.Repeat("f", 100))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, _, err := win.attributes(file); err != nil {
		t.Errorf("attributes of a %d-byte path: %v", len(file), err)
	}
	second := filepath.Join(dir, "second")
	if err := hardLink(file, second); err != nil {
		t.Fatalf("hardLink with %d-byte paths: %v", len(file), err)
	}
	moved := filepath.Join(dir, "moved")
	if err := win.rename(second, moved, 0); err != nil {
		t.Fatalf("rename with %d-byte paths: %v", len(file), err)
	}
	a, err1 := os.Stat(file)
	b, err2 := os.Stat(moved)
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		t.Errorf("hard link and rename: %v, %v; same file = false", err1, err2)
	}
}

func TestSystemVolumeNamesFileSystem(t *testing.T) {
	root, fsName, _ := win.volume(t.TempDir())
	if root == "" || fsName == "" {
		t.Errorf("volume of the temporary directory: root %q, file system %q; want both", root, fsName)
	}
	t.Logf("temporary directory on %s (%s)", root, fsName)
}

// TestSystemDeveloperModeIsAHint reads the Developer Mode setting, which
// messages name. Where the machine's setting is known (the workflow sets it
// and says so in SYMLINK_TEST_REQUIRE), the reading must match it.
func TestSystemDeveloperModeIsAHint(t *testing.T) {
	on, known := win.developerMode()
	t.Logf("Developer Mode on = %v, known = %v", on, known)
	if on && !known {
		t.Error("Developer Mode reported on but unknown")
	}
	for _, state := range []bool{true, false} {
		if testutil.Required("developer-mode=" + map[bool]string{true: "on", false: "off"}[state]) {
			if !known || on != state {
				t.Errorf("Developer Mode read as on = %v (known: %v); the machine has it on = %v", on, known, state)
			}
			return
		}
	}
	testutil.Unavailable(t, "developer-mode", "nothing to compare the reading with: the machine's setting is not given")
}

// TestSystemLinkOrReason: a link is made with the kind asked for, or Create
// says why not, and leaves nothing behind.
func TestSystemLinkOrReason(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "target"), 0o777); err != nil {
		t.Fatal(err)
	}
	err := Create("target", filepath.Join(dir, "link"))
	if errors.Is(err, ErrUnsupported) || errors.Is(err, ErrPrivilege) {
		if _, lerr := os.Lstat(filepath.Join(dir, "link")); !errors.Is(lerr, os.ErrNotExist) {
			t.Errorf("Create failed (%v) but left something: %v", err, lerr)
		}
		testutil.Unavailable(t, "links", fmt.Sprintf("symbolic links unavailable: %v", err))
	}
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "link")); err != nil || !fi.IsDir() {
		t.Errorf("a link to a directory does not lead to one: %v", err)
	}
}

func TestSystemJunction(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o777); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "junction")
	c := call{src: "target", dst: link, content: "target"}
	if err := c.makeJunction(link); err != nil {
		if _, lerr := os.Lstat(link); !errors.Is(lerr, os.ErrNotExist) {
			t.Errorf("makeJunction failed (%v) but left something: %v", err, lerr)
		}
		testutil.Unavailable(t, "junctions", fmt.Sprintf("junctions unavailable: %v", err))
	}
	if got, err := os.Readlink(link); err != nil || got != target {
		t.Errorf("Readlink(junction) = %q, %v; want %q", got, err, target)
	}
	if err := os.WriteFile(filepath.Join(target, "f"), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(link, "f")); err != nil {
		t.Errorf("a file in the target is not seen through the junction: %v", err)
	}
}

// TestSystemReplaceDirectoryLink: a directory link is replaced by moving it
// aside, and nothing is left in the directory but the new link.
func TestSystemReplaceDirectoryLink(t *testing.T) {
	dir := t.TempDir()
	realLinksOrSkip(t, dir)
	for _, name := range []string{"a", "b"} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link")
	if err := Create("a", link, WithKind(KindDir)); err != nil {
		t.Fatal(err)
	}
	if err := Create("b", link, WithKind(KindDir), WithReplace()); err != nil {
		t.Fatal(err)
	}
	if got, err := os.Readlink(link); err != nil || got != "b" {
		t.Errorf("Readlink = %q, %v; want %q", got, err, "b")
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 3 {
		t.Errorf("directory holds %d names, want a, b and link", len(names))
	}
}

// TestSystemWithoutPrivilege runs the checks of withoutPrivilege in a
// child process of the test binary that has removed the symbolic-link
// privilege from its own token, which cannot be given back: the error must
// be ErrPrivilege saying what to do, and WithJunctionFallback must still
// make a working directory link. With Developer Mode on, links need no
// privilege, and there is nothing to check.
func TestSystemWithoutPrivilege(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		withoutPrivilege(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSystemWithoutPrivilege$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	t.Logf("the child without the privilege:\n%s", out)
	if err != nil {
		t.Fatalf("the child without the privilege failed: %v", err)
	}
	if i := bytes.Index(out, []byte("--- SKIP: TestSystemWithoutPrivilege")); i >= 0 {
		testutil.Unavailable(t, "no-privilege", "the child without the privilege skipped (see its output above)")
	}
}

// childEnv marks the test binary run by TestSystemWithoutPrivilege.
const childEnv = "SYMLINK_TEST_WITHOUT_PRIVILEGE"

func withoutPrivilege(t *testing.T) {
	if err := dropSymlinkPrivilege(); err != nil {
		testutil.Unavailable(t, "no-privilege", fmt.Sprintf("cannot remove SeCreateSymbolicLinkPrivilege from the token: %v", err))
	}
	dir := t.TempDir()
	err := Check(dir)
	switch {
	case err == nil:
		on, _ := win.developerMode()
		testutil.Unavailable(t, "no-privilege", fmt.Sprintf("links are made without the privilege here (Developer Mode on: %v)", on))
	case !errors.Is(err, ErrPrivilege):
		testutil.Unavailable(t, "no-privilege", fmt.Sprintf("links are unavailable here for another reason: %v", err))
	}
	for _, want := range []error{ErrPermission, fs.ErrPermission} {
		if !errors.Is(err, want) {
			t.Errorf("Check = %v; want errors.Is %v too", err, want)
		}
	}
	if msg := err.Error(); !strings.Contains(msg, "Developer Mode") {
		t.Errorf("message %q should say how to get the privilege", msg)
	}
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	if err := os.Mkdir(target, 0o777); err != nil {
		t.Fatal(err)
	}
	err = Create("target", link, WithKind(KindDir))
	if !errors.Is(err, ErrPrivilege) || !strings.Contains(err.Error(), "WithJunctionFallback") {
		t.Errorf("directory link without privilege = %v; want ErrPrivilege offering WithJunctionFallback", err)
	}
	if err := os.WriteFile(filepath.Join(target, "f"), []byte("x"), 0o666); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := Create("target", link, WithKind(KindDir), WithJunctionFallback(), WithResult(&r)); err != nil {
		t.Fatalf("Create(WithJunctionFallback) without privilege = %v; want a junction", err)
	}
	if !r.Junction {
		t.Errorf("Result = %+v; want Junction", r)
	}
	if b, err := os.ReadFile(filepath.Join(link, "f")); err != nil || string(b) != "x" {
		t.Errorf("reading through the junction = %q, %v; want \"x\"", b, err)
	}
}

// dropSymlinkPrivilege removes SeCreateSymbolicLinkPrivilege from the
// process's token, for good: CreateSymbolicLinkW can no longer enable it.
func dropSymlinkPrivilege() error {
	var tok windows.Token
	if err := windows.OpenProcessToken(windows.CurrentProcess(), windows.TOKEN_ADJUST_PRIVILEGES|windows.TOKEN_QUERY, &tok); err != nil {
		return err
	}
	defer tok.Close()
	name, err := windows.UTF16PtrFromString("SeCreateSymbolicLinkPrivilege")
	if err != nil {
		return err
	}
	var luid windows.LUID
	if err := windows.LookupPrivilegeValue(nil, name, &luid); err != nil {
		return err
	}
	tp := windows.Tokenprivileges{PrivilegeCount: 1}
	tp.Privileges[0] = windows.LUIDAndAttributes{Luid: luid, Attributes: windows.SE_PRIVILEGE_REMOVED}
	err = windows.AdjustTokenPrivileges(tok, false, &tp, 0, nil, nil)
	if err == windows.ERROR_NOT_ALL_ASSIGNED {
		return nil // the token did not hold it
	}
	return err
}

func TestSystemBuildNumber(t *testing.T) {
	b := win.build()
	t.Logf("Windows build %d", b)
	if b == 0 {
		t.Error("build number 0")
	}
}

// TestSystemLinkIntoMissingDirectory: a parent that does not exist is
// ErrNotExist, on Windows and under Wine alike.
func TestSystemLinkIntoMissingDirectory(t *testing.T) {
	err := Create("target", filepath.Join(t.TempDir(), "missing", "link"))
	if errors.Is(err, ErrPrivilege) {
		testutil.Unavailable(t, "links", fmt.Sprintf("symbolic links unavailable: %v", err))
	}
	if !errors.Is(err, ErrNotExist) || errors.Is(err, ErrUnsupported) {
		t.Errorf("Create into a missing directory = %v, want ErrNotExist", err)
	}
}
