//go:build unix

package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/symlinkgo/symlink"
)

// A dotfile manager links the files of a dotfiles folder into a home
// folder as one change. It plans first and prints every conflict; the user
// decides to keep what is in the way as backups; then it applies: either
// every link is made, or none is. Run again with the same options (which
// imply WithReplace), it finds every link right and writes nothing.
func ExampleBatch() {
	defer scratch()()
	for _, d := range []string{"dotfiles/.config/git", "home/.config"} {
		os.MkdirAll(d, 0o777)
	}
	for _, f := range []string{"dotfiles/.bashrc", "dotfiles/.vimrc", "dotfiles/.config/git/config", "home/.bashrc"} {
		os.WriteFile(f, []byte("# "+f+"\n"), 0o666)
	}
	os.Symlink("../dotfiles/.vimrc", "home/.vimrc") // linked on an earlier run

	files := []string{".bashrc", ".vimrc", ".config/git/config"}
	plan := func(opts ...symlink.Option) *symlink.Batch {
		var b symlink.Batch
		for _, f := range files {
			b.Add(filepath.Join("dotfiles", f), filepath.Join("home", f),
				append([]symlink.Option{symlink.WithRelative(), symlink.WithParents()}, opts...)...)
		}
		return &b
	}

	// Without WithReplace, a file in the way is a conflict, and so is the
	// link made on the earlier run (it is in the way too).
	_, err := plan().Plan()
	fmt.Println("conflicts:", errors.Is(err, symlink.ErrExist))
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		fmt.Println(" ", e)
	}

	// Keep what is in the way as NAME.orig, and apply.
	results, err := plan(symlink.WithBackup(".orig")).Apply(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Printf("%-24s %-9s -> %s", r.Dst, r.Action, r.Content)
		if r.Backup != "" {
			fmt.Printf(" (backup: %s)", r.Backup)
		}
		fmt.Println()
	}

	// The next run.
	results, err = plan(symlink.WithBackup(".orig")).Apply(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Printf("%-24s %s\n", r.Dst, r.Action)
	}
	// Output:
	// conflicts: true
	//   symlink "home/.bashrc" -> "dotfiles/.bashrc": file exists
	//   symlink "home/.vimrc" -> "dotfiles/.vimrc": file exists
	// home/.bashrc             replaced  -> ../dotfiles/.bashrc (backup: home/.bashrc.orig)
	// home/.vimrc              unchanged -> ../dotfiles/.vimrc
	// home/.config/git/config  created   -> ../../../dotfiles/.config/git/config
	// home/.bashrc             unchanged
	// home/.vimrc              unchanged
	// home/.config/git/config  unchanged
}

// A deploy tool says what it did: whether the release link moved.
func ExampleWithResult() {
	defer scratch()()

	for _, release := range []string{"releases/41", "releases/42", "releases/42"} {
		var r symlink.Result
		if err := symlink.Create(release, "current", symlink.WithReplace(), symlink.WithResult(&r)); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("current -> %s: %s\n", r.Content, r.Action)
	}
	// Output:
	// current -> releases/41: created
	// current -> releases/42: replaced
	// current -> releases/42: unchanged
}

// A dry run says what Create would do, or why it would fail, and changes
// nothing.
func ExampleWithDryRun() {
	defer scratch()()
	os.Mkdir("bin", 0o777)
	os.Symlink("/opt/tool/1.0/tool", "bin/tool")

	var r symlink.Result
	err := symlink.Create("/opt/tool/2.0/tool", "bin/tool", symlink.WithReplace(), symlink.WithDryRun(), symlink.WithResult(&r))
	fmt.Println(r.Action, err)
	err = symlink.Create("/opt/tool/2.0/tool", "bin/tool", symlink.WithDryRun())
	fmt.Println(errors.Is(err, symlink.ErrExist))
	err = symlink.Create("/opt/tool/2.0/tool", "missing/tool", symlink.WithDryRun())
	fmt.Println(errors.Is(err, symlink.ErrNotExist))
	show("bin/tool")
	// Output:
	// replaced <nil>
	// true
	// true
	// bin/tool -> /opt/tool/1.0/tool
}

// A package manager journals each Apply, so that a crash, a kill or a power
// cut in the middle never leaves a half-made tree: at start-up it calls
// Recover, which puts back whatever an unfinished Apply changed (here there
// is none), and the journal is gone again once an Apply has finished.
func ExampleBatch_SetJournal() {
	defer scratch()()
	os.MkdirAll("store/pkg-1.2/bin", 0o777)
	os.Mkdir("bin", 0o777)
	journal := "symlink.journal"
	if err := symlink.Recover(context.Background(), journal); err != nil {
		log.Fatal(err)
	}

	var b symlink.Batch
	b.SetJournal(journal)
	b.Add("../store/pkg-1.2/bin/tool", "bin/tool", symlink.WithReplace())
	if _, err := b.Apply(context.Background()); err != nil {
		log.Fatal(err)
	}
	show("bin/tool")
	_, err := os.Stat(journal)
	fmt.Println("journal left:", err == nil)
	// Output:
	// bin/tool -> ../store/pkg-1.2/bin/tool
	// journal left: false
}
