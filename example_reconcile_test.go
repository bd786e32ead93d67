//go:build unix

package symlink_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/symlinkgo/symlink"
)

// A dotfile manager's install, update and uninstall: the description is the
// set of links it wants; the ledger remembers which links it made, so that
// it removes those, and only those, once they are no longer wanted.
func ExampleReconcile() {
	defer scratch()()
	os.MkdirAll("home", 0o777)
	os.WriteFile(filepath.Join("home", ".profile"), []byte("# the user's own\n"), 0o666)
	ledger := filepath.Join("home", ".dotfiles.ledger")
	run := func(what string, want map[string]string) {
		results, err := symlink.Reconcile(context.Background(), ledger, want, symlink.WithParents())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(what + ":")
		wd, _ := os.Getwd()
		for _, r := range results {
			dst := r.Dst // as given, or as the ledger records it: absolute
			if filepath.IsAbs(dst) {
				dst, _ = filepath.Rel(wd, dst)
			}
			fmt.Printf("  %-9s %s -> %s\n", r.Action, filepath.ToSlash(dst), r.Content)
		}
	}

	run("install", map[string]string{
		"home/.bashrc":            "../dotfiles/bashrc",
		"home/.config/git/config": "../../../dotfiles/gitconfig",
	})
	run("again", map[string]string{
		"home/.bashrc":            "../dotfiles/bashrc",
		"home/.config/git/config": "../../../dotfiles/gitconfig",
	})
	run("update", map[string]string{
		"home/.bashrc": "../dotfiles/bashrc-v2",
		"home/.vimrc":  "../dotfiles/vimrc",
	})
	run("uninstall", nil)

	entries, _ := os.ReadDir("home")
	for _, e := range entries {
		fmt.Println("left in home:", e.Name())
	}
	// Output:
	// install:
	//   created   home/.bashrc -> ../dotfiles/bashrc
	//   created   home/.config/git/config -> ../../../dotfiles/gitconfig
	// again:
	//   unchanged home/.bashrc -> ../dotfiles/bashrc
	//   unchanged home/.config/git/config -> ../../../dotfiles/gitconfig
	// update:
	//   removed   home/.config/git/config -> ../../../dotfiles/gitconfig
	//   replaced  home/.bashrc -> ../dotfiles/bashrc-v2
	//   created   home/.vimrc -> ../dotfiles/vimrc
	// uninstall:
	//   removed   home/.bashrc -> ../dotfiles/bashrc-v2
	//   removed   home/.vimrc -> ../dotfiles/vimrc
	// left in home: .dotfiles.ledger
	// left in home: .profile
}
