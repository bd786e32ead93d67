//go:build unix

// The examples run where links can always be made; on Windows they need
// Developer Mode, which a test cannot count on.

package symlink_test

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/symlinkgo/symlink"
)

// scratch makes a temporary directory, enters it and returns a function that
// leaves and removes it, so that each example reads like a shell session.
func scratch() (done func()) {
	dir, err := os.MkdirTemp("", "symlink-example-")
	if err != nil {
		log.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		log.Fatal(err)
	}
	return func() {
		os.Chdir(wd)
		os.RemoveAll(dir)
	}
}

// show prints where the link at name points.
func show(name string) {
	content, err := os.Readlink(name)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s -> %s\n", name, content)
}

func ExampleCreate() {
	defer scratch()()

	// Like os.Symlink: the content is stored as given, and may dangle.
	if err := symlink.Create("config.yaml", "config.link"); err != nil {
		log.Fatal(err)
	}
	show("config.link")

	// Unlike os.Symlink, the error says what happened in a way a program
	// can test, with every path in its message.
	err := symlink.Create("other.yaml", "config.link")
	fmt.Println(errors.Is(err, symlink.ErrExist))
	fmt.Println(err)
	// Output:
	// config.link -> config.yaml
	// true
	// symlink "config.link" -> "other.yaml": file exists
}

// A deploy tool switches the "current" release. Readers of "current" never
// find it missing: the new link is renamed over the old one.
func ExampleWithReplace() {
	defer scratch()()

	for _, release := range []string{"releases/41", "releases/42", "releases/42"} {
		if err := symlink.Create(release, "current", symlink.WithReplace()); err != nil {
			log.Fatal(err)
		}
		show("current") // the third call finds the link right and writes nothing
	}
	// Output:
	// current -> releases/41
	// current -> releases/42
	// current -> releases/42
}

// A dotfile manager links ~/.config/app/config to the copy in its
// repository, and the link stays valid wherever the two are moved together.
func ExampleWithRelative() {
	defer scratch()()

	os.MkdirAll("dotfiles/app", 0o777)
	os.WriteFile("dotfiles/app/config", []byte("theme = dark\n"), 0o666)

	err := symlink.Create("dotfiles/app/config", "home/.config/app/config",
		symlink.WithRelative(), symlink.WithParents())
	if err != nil {
		log.Fatal(err)
	}
	show("home/.config/app/config")
	b, _ := os.ReadFile("home/.config/app/config")
	fmt.Print(string(b))
	// Output:
	// home/.config/app/config -> ../../../dotfiles/app/config
	// theme = dark
}

func ExampleWithParents() {
	defer scratch()()

	err := symlink.Create("../../lib/left-pad", "node_modules/.bin/left-pad", symlink.WithParents())
	if err != nil {
		log.Fatal(err)
	}
	show("node_modules/.bin/left-pad")
	// Output:
	// node_modules/.bin/left-pad -> ../../lib/left-pad
}

func ExampleWithTargetMustExist() {
	defer scratch()()

	err := symlink.Create("releases/43", "current", symlink.WithTargetMustExist())
	fmt.Println(errors.Is(err, symlink.ErrNotExist))
	_, err = os.Lstat("current")
	fmt.Println(errors.Is(err, os.ErrNotExist)) // nothing was made
	// Output:
	// true
	// true
}

// Windows records whether a link leads to a directory; a link made before
// its target exists needs the kind said. Everywhere, an existing target of
// the other kind is refused, so a program behaves the same on every system.
func ExampleWithKind() {
	defer scratch()()

	if err := symlink.Create("build/out", "out", symlink.WithKind(symlink.KindDir)); err != nil {
		log.Fatal(err)
	}
	show("out")

	os.WriteFile("notes.txt", nil, 0o666)
	err := symlink.Create("notes.txt", "notes", symlink.WithKind(symlink.KindDir))
	fmt.Println(errors.Is(err, symlink.ErrNotDir))
	// Output:
	// out -> build/out
	// true
}

// Like "ln -sb", but "current" is never missing while it changes.
func ExampleWithBackup() {
	defer scratch()()

	symlink.Create("releases/41", "current")
	if err := symlink.Create("releases/42", "current", symlink.WithBackup(".previous")); err != nil {
		log.Fatal(err)
	}
	show("current")
	show("current.previous")
	// Output:
	// current -> releases/42
	// current.previous -> releases/41
}

// A package manager that must not lose an installed link in a power cut
// flushes the directory before it records the installation.
func ExampleWithSync() {
	defer scratch()()

	if err := symlink.Create("python3.13", "python3", symlink.WithSync(), symlink.WithReplace()); err != nil {
		log.Fatal(err)
	}
	show("python3")
	// Output:
	// python3 -> python3.13
}

// On Windows without Developer Mode a directory link fails with
// ErrPrivilege; with WithJunctionFallback a junction is made instead. On
// other systems the option changes nothing.
func ExampleWithJunctionFallback() {
	defer scratch()()

	os.Mkdir("cache", 0o777)
	err := symlink.Create("cache", "cache-link", symlink.WithKind(symlink.KindDir), symlink.WithJunctionFallback())
	if err != nil {
		log.Fatal(err)
	}
	fi, _ := os.Stat("cache-link")
	fmt.Println(fi.IsDir())
	// Output:
	// true
}

// Check answers for the folder the links will go in, so that a program can
// say what is wrong before it starts.
func ExampleCheck() {
	defer scratch()()

	if err := symlink.Check("."); err != nil {
		log.Fatal(err)
	}
	fmt.Println("links can be made here")

	err := symlink.Check("no-such-dir")
	fmt.Println(errors.Is(err, symlink.ErrNotExist))
	// Output:
	// links can be made here
	// true
}

// An archive extractor writes the files, directories and links of a tar
// file through one os.Root, so that nothing lands outside the extraction
// folder. The archive is hostile: its links try to reach /etc, to climb out
// with "..", and to prepare an escape that a later entry would complete.
func ExampleWithinRoot() {
	defer scratch()()
	os.Mkdir("extracted", 0o777)
	root, err := os.OpenRoot("extracted")
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	for hdr, err := range entries(hostileArchive()) {
		if err != nil {
			log.Fatal(err)
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			err = root.MkdirAll(hdr.Name, 0o777)
		case tar.TypeReg:
			err = root.WriteFile(hdr.Name, []byte("data"), 0o666)
		case tar.TypeSymlink:
			err = symlink.Create(hdr.Linkname, hdr.Name, symlink.WithinRoot(root), symlink.WithParents())
		}
		switch {
		case errors.Is(err, symlink.ErrEscapesRoot):
			fmt.Printf("refused %s -> %s\n", hdr.Name, hdr.Linkname)
		case err != nil:
			log.Fatal(err)
		case hdr.Typeflag == tar.TypeSymlink:
			fmt.Printf("link    %s -> %s\n", hdr.Name, hdr.Linkname)
		default:
			fmt.Printf("wrote   %s\n", hdr.Name)
		}
	}
	// Output:
	// wrote   lib
	// wrote   lib/libz.so.1
	// link    lib/libz.so -> libz.so.1
	// refused passwd -> /etc/passwd
	// refused up -> ../../../home
	// link    shared -> lib
	// refused shared/cron -> ../../etc/cron.d
	// refused later -> d/d/../../outside
	// link    d/d -> ..
	// wrote   shared/notes.txt
}

// hostileArchive returns a tar file. The entry "later" would be harmless on
// its own while d/d does not exist; the next entry makes d/d a link to the
// root, after which "later" would lead outside. It is refused because a ".."
// follows a name that does not exist yet.
func hostileArchive() *bytes.Buffer {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range []struct {
		kind      byte
		name, dst string
	}{
		{tar.TypeDir, "lib", ""},
		{tar.TypeReg, "lib/libz.so.1", ""},
		{tar.TypeSymlink, "lib/libz.so", "libz.so.1"},
		{tar.TypeSymlink, "passwd", "/etc/passwd"},
		{tar.TypeSymlink, "up", "../../../home"},
		{tar.TypeSymlink, "shared", "lib"},
		{tar.TypeSymlink, "shared/cron", "../../etc/cron.d"}, // from lib/, above "extracted"
		{tar.TypeSymlink, "later", "d/d/../../outside"},
		{tar.TypeSymlink, "d/d", ".."},
		{tar.TypeReg, "shared/notes.txt", ""}, // written into lib, through the link
	} {
		tw.WriteHeader(&tar.Header{Typeflag: e.kind, Name: e.name, Linkname: e.dst, Mode: 0o777})
	}
	tw.Close()
	return &buf
}

// entries iterates over the headers of a tar file.
func entries(r io.Reader) func(yield func(*tar.Header, error) bool) {
	return func(yield func(*tar.Header, error) bool) {
		tr := tar.NewReader(r)
		for {
			hdr, err := tr.Next()
			if err == io.EOF || !yield(hdr, err) || err != nil {
				return
			}
		}
	}
}

// ExampleRead reads a link back without following it. A path that is no
// link answers ErrNotLink; on Windows a junction reads as its target, with
// Junction set.
func ExampleRead() {
	defer scratch()()

	symlink.Create("releases/42", "current")
	os.WriteFile("notes.txt", nil, 0o666)

	l, err := symlink.Read("current")
	fmt.Printf("current -> %s (err %v)\n", l.Content, err)

	_, err = symlink.Read("notes.txt")
	fmt.Println(errors.Is(err, symlink.ErrNotLink), err)
	// Output:
	// current -> releases/42 (err <nil>)
	// true read "notes.txt": not a symbolic link
}

// ExampleRemove is an uninstaller. It calls Remove with what it gave Create
// at install time, so it takes away only the links still as it made them
// and reports those the user has changed since: one re-pointed, one
// replaced by a real directory. os.RemoveAll on those paths would have
// deleted the user's files.
func ExampleRemove() {
	defer scratch()()

	installed := []struct{ src, dst string }{
		{"/opt/tool/bin/tool", "tool"},
		{"/opt/tool/share/man", "man"},
		{"/opt/tool/etc", "config"},
		{"/opt/tool/share/doc", "doc"},
	}
	for _, l := range installed {
		symlink.Create(l.src, l.dst)
	}
	// Meanwhile the user points man elsewhere, makes config a directory of
	// their own, and removes doc.
	symlink.Create("/usr/share/man", "man", symlink.WithReplace())
	os.Remove("config")
	os.Mkdir("config", 0o777)
	os.WriteFile("config/settings", []byte("mine"), 0o666)
	os.Remove("doc")

	for _, l := range installed {
		err := symlink.Remove(l.src, l.dst)
		switch {
		case err == nil:
			fmt.Println("removed", l.dst)
		case errors.Is(err, symlink.ErrNotExist):
			// already gone: nothing to do
		case errors.Is(err, symlink.ErrNotLink):
			fmt.Println("kept", l.dst+", changed since the install")
		default:
			log.Fatal(err)
		}
	}
	// Output:
	// removed tool
	// kept man, changed since the install
	// kept config, changed since the install
}

// ExampleError shows the errors.Is switch that replaces Python's except
// clauses for FileExistsError, PermissionError and friends.
func ExampleError() {
	defer scratch()()

	os.Mkdir("dir", 0o777)
	err := symlink.Create("target", "dir", symlink.WithReplace())

	var e *symlink.Error
	if errors.As(err, &e) {
		fmt.Printf("op=%s dst=%s src=%s\n", e.Op, e.Dst, e.Src)
	}
	switch {
	case errors.Is(err, symlink.ErrIsDir):
		fmt.Println("a directory is in the way; not replacing it")
	case errors.Is(err, symlink.ErrExist):
		fmt.Println("already exists")
	case errors.Is(err, symlink.ErrPrivilege):
		fmt.Println("turn on Developer Mode")
	case errors.Is(err, symlink.ErrPermission):
		fmt.Println("no write access")
	case errors.Is(err, symlink.ErrUnsupported):
		fmt.Println("this file system has no links")
	}
	// Output:
	// op=replace dst=dir src=target
	// a directory is in the way; not replacing it
}
