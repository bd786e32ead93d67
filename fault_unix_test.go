//go:build unix && !aix && !solaris

package symlink_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"golang.org/x/sys/unix"
)

// Longer than any file name (NAME_MAX is 255 bytes on Linux and the BSDs) and
// any path (PATH_MAX is at most 4096 bytes).
var (
	longName = strings.Repeat("n", 256)
	longPath = strings.Repeat(strings.Repeat("d", 200)+"/", 21) + "link"
)

// loops makes "loop" a link to itself, and "a" and "b" links to each other.
func loops(t *testing.T, dir string) {
	for link, content := range map[string]string{"loop": "loop", "a": "b", "b": "a"} {
		if err := os.Symlink(content, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUnixFaultsLeaveTheTreeAsItWas covers names the system refuses and
// parents that cannot be resolved.
//
// A link loop among the parents (ELOOP) is neither a missing parent nor a
// permission problem, and io/fs has no sentinel for it: the error answers
// none of ours, whatever the options, and errors.As reaches syscall.ELOOP.
// A loop in the target of WithTargetMustExist is reported as the loop it is,
// not as a missing target.
func TestUnixFaultsLeaveTheTreeAsItWas(t *testing.T) {
	invalid := []string{"ErrInvalid", "fs.ErrInvalid"}
	var none []string
	for _, f := range []fault{
		{name: "name over NAME_MAX", src: "t", dst: longName,
			op: "symlink", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "name over NAME_MAX, WithReplace", src: "t", dst: longName,
			opts: []symlink.Option{symlink.WithReplace()}, op: "replace", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "name over NAME_MAX, WithRelative", src: "t", dst: longName,
			opts: []symlink.Option{symlink.WithRelative()}, op: "symlink", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "name over NAME_MAX, WithParents", src: "t", dst: "a/b/" + longName,
			opts: []symlink.Option{symlink.WithParents()}, op: "symlink", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "parent name over NAME_MAX, WithParents", src: "t", dst: "a/" + longName + "/link",
			opts: []symlink.Option{symlink.WithParents()}, op: "mkdir", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "content over PATH_MAX", src: longPath + longPath, dst: "link",
			op: "symlink", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "path over PATH_MAX", src: "t", dst: longPath,
			op: "symlink", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "path over PATH_MAX, WithReplace", src: "t", dst: longPath,
			opts: []symlink.Option{symlink.WithReplace()}, op: "replace", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "path over PATH_MAX, WithParents", src: "t", dst: longPath,
			opts: []symlink.Option{symlink.WithParents()}, op: "mkdir", is: invalid, errno: syscall.ENAMETOOLONG},
		{name: "link loop in the parents", setup: loops, src: "t", dst: "loop/link",
			op: "symlink", is: none, errno: syscall.ELOOP},
		{name: "link loop of two in the parents", setup: loops, src: "t", dst: "a/sub/link",
			op: "symlink", is: none, errno: syscall.ELOOP},
		{name: "link loop in the parents, WithReplace", setup: loops, src: "t", dst: "loop/link",
			opts: []symlink.Option{symlink.WithReplace()}, op: "replace", is: none, errno: syscall.ELOOP},
		{name: "link loop in the parents, WithBackup", setup: loops, src: "t", dst: "loop/link",
			opts: []symlink.Option{symlink.WithBackup("")}, op: "replace", is: none, errno: syscall.ELOOP},
		{name: "link loop in the parents, WithRelative", setup: loops, src: "t", dst: "loop/link",
			opts: []symlink.Option{symlink.WithRelative()}, op: "symlink", is: none, errno: syscall.ELOOP},
		{name: "link loop in the parents, WithParents", setup: loops, src: "t", dst: "loop/sub/link",
			opts: []symlink.Option{symlink.WithParents()}, op: "mkdir", is: none, errno: syscall.ELOOP},
		{name: "link loop in the target, WithTargetMustExist", setup: loops, src: "loop/t", dst: "link",
			opts: []symlink.Option{symlink.WithTargetMustExist()}, op: "symlink", is: none, errno: syscall.ELOOP},
	} {
		t.Run(f.name, func(t *testing.T) { runFault(t, "", f) })
	}
}

// TestRelativeThroughAGrowingLinkFails: g -> g/x lengthens the path each
// time it is followed, so no state of the walk ever repeats and "ln -sr"
// never returns. WithRelative stops where the system would, with ELOOP, and
// makes nothing.
func TestRelativeThroughAGrowingLinkFails(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.Symlink("g/x", filepath.Join(dir, "g")); err != nil {
		t.Fatal(err)
	}
	runFault(t, dir, fault{src: filepath.Join(dir, "g", "y"), dst: "link",
		opts: []symlink.Option{symlink.WithRelative()}, op: "symlink", errno: syscall.ELOOP})
}

// TestRenameOverDstFailing makes the last step fail: the temporary link is
// made, but the sticky bit forbids renaming it over a link another user
// owns. The temporary name must go and dst stay; EPERM here is a lack of
// rights, not of the link privilege.
func TestRenameOverDstFailing(t *testing.T) {
	asAnotherUser(t, stickyDirWithRootLink, func(t *testing.T, dir string) {
		sticky := filepath.Join(dir, "sticky")
		perm := []string{"ErrPermission", "fs.ErrPermission"}
		for _, f := range []fault{
			{name: "WithReplace", src: "new", dst: "link",
				opts: []symlink.Option{symlink.WithReplace()}, op: "replace", is: perm, errno: syscall.EPERM},
			// The hard link for the backup is refused too (protected_hardlinks),
			// and so is renaming dst aside instead.
			{name: "WithBackup", src: "new", dst: "link",
				opts: []symlink.Option{symlink.WithBackup("")}, op: "backup", is: perm, errno: syscall.EPERM},
		} {
			t.Run(f.name, func(t *testing.T) { runFault(t, sticky, f) })
		}
	})
}

// stickyDirWithRootLink makes dir/sticky a directory anyone may write, with
// the sticky bit, holding a link "link" owned by the user who makes it: root,
// in the setup of asAnotherUser.
func stickyDirWithRootLink(t *testing.T, dir string) {
	sticky := filepath.Join(dir, "sticky")
	if err := os.Mkdir(sticky, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sticky, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(sticky, "old"), "old content")
	if err := os.Symlink("old", filepath.Join(sticky, "link")); err != nil {
		t.Fatal(err)
	}
}

// TestBackupAlreadyHardLinkedToDst starts from a backup that is another name
// of dst itself, as a concurrent Create with WithBackup, or one interrupted
// after its backup step, leaves it. rename(2) between two names of one file
// does nothing and reports success, so the temporary name of the backup step
// must be removed explicitly.
func TestBackupAlreadyHardLinkedToDst(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	dst := filepath.Join(dir, "link")
	if err := os.Symlink("old", dst); err != nil {
		t.Fatal(err)
	}
	// linkat(2) without AT_SYMLINK_FOLLOW: a second name of the link itself.
	if err := unix.Linkat(unix.AT_FDCWD, dst, unix.AT_FDCWD, dst+"~", 0); err != nil {
		t.Skipf("cannot hard-link a symbolic link here: %v", err)
	}
	if err := symlink.Create("new", dst, symlink.WithBackup("")); err != nil {
		t.Fatalf("Create = %v; want nil", err)
	}
	want := map[string]entry{
		".":     {Type: "dir"},
		"link":  {Type: "link", Content: "new"},
		"link~": {Type: "link", Content: "old"},
	}
	if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
		t.Errorf("tree after the backup (-want +got):\n%s", diff)
	}
}
