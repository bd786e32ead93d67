//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gnuTree has what makes "ln -s" interesting: directories, links to them
// (relative and absolute, some as parents of others), dangling links, a loop
// and a link too long to follow.
var gnuTree = tree{
	"d":          "dir",
	"real":       "dir",
	"real/a":     "dir",
	"real/a/b":   "dir",
	"real/a/b/f": "file",
	"dl":         "-> real",
	"top":        "-> real/a",
	"abs":        "-> $ROOT/real/a/b",
	"up":         "-> top/..",
	"dang":       "-> nowhere",
	"loop":       "-> loop",
	"long":       "-> " + strings.Repeat("x", 300),
	"f":          "file",
	"old":        "-> a",
}

// gnuCases are run through both "ln -s" and symlink. dir is the working
// directory within the tree; $ROOT in args stands for the tree's path.
var gnuCases = []struct {
	dir  string
	args []string
}{
	// The four forms, and what a LINK operand can be.
	{args: []string{"a", "l"}},
	{args: []string{"real/x/"}},
	{args: []string{"x", "f/y", "d"}},
	{args: []string{"-t", "d", "x", "f/y"}},
	{args: []string{"-t", "d/", "x"}},
	{args: []string{"-t", "d//", "x"}},
	{args: []string{"-t", "d", "/"}},
	{args: []string{"a", "d"}},
	{args: []string{"a", "dl"}},
	{args: []string{"a", "dl/"}},
	{args: []string{"-n", "a", "dl"}},
	{args: []string{"-fn", "a", "dl"}},
	{args: []string{"-n", "a", "dl/"}},
	{args: []string{"-n", "a", "d"}},
	{args: []string{"-T", "a", "d"}},
	{args: []string{"-fT", "a", "d"}},
	{args: []string{"-fT", "d", "dl"}},
	{args: []string{"a", "dang"}},
	{args: []string{"-f", "a", "dang"}},
	{args: []string{"-f", "a", "loop"}},
	{args: []string{"-f", "a", "long"}},
	{args: []string{"a", "loop/"}},
	{args: []string{"a", "f"}},
	{args: []string{"-f", "a", "f"}},
	{args: []string{"-f", "f", "f"}},
	{args: []string{"-f", "./f", "f"}},
	{args: []string{"-bf", "f", "f"}},
	// TARGET named from the working directory is the file LINK would replace.
	{args: []string{"-f", "real/a/b/f", "real/a/b"}},
	{args: []string{"-f", "real/a/b/f", "real/a/b/f"}},
	{dir: "real", args: []string{"-f", "a/b/f", "a/b"}},
	{args: []string{"-t", "dl", "x"}},
	{args: []string{"-n", "-t", "dl", "x"}},
	{args: []string{"-n", "-t", "dl/", "x"}},
	{args: []string{"a", "b", "f"}},
	{args: []string{"a", "b", "dl"}},
	{args: []string{"-n", "a", "b", "dl"}},
	{args: []string{"a", "b", "dang"}},
	{args: []string{"-f", "x/q", "y/q", "d"}},
	{args: []string{"-sfn", "real/a", "dl"}},
	{args: []string{"-sf", "real/a", "dl"}},
	// -r where parents are links.
	{args: []string{"-r", "real/a/b/f", "l"}},
	{args: []string{"-r", "real/a/b/f", "top/l"}},
	{args: []string{"-r", "top/b/f", "l"}},
	{args: []string{"-r", "top/b/f", "top/b/l"}},
	{args: []string{"-r", "f", "top/../x"}},
	{args: []string{"-r", "f", "up/x"}},
	{args: []string{"-r", "top/b", "abs/l"}},
	{args: []string{"-r", "f", "abs/l"}},
	{args: []string{"-r", "$ROOT/f", "d/l"}},
	{args: []string{"-r", ".", "d/l"}},
	{args: []string{"-r", "d", "d/l"}},
	{args: []string{"-r", "missing/x", "top/l"}},
	{args: []string{"-r", "missing/../f", "l"}},
	{args: []string{"-r", "real/../../x", "top/l"}},
	{args: []string{"-r", "loop/x", "d/l"}},
	{args: []string{"-rt", "top/b", "f", "real/a/b/f", "dl"}},
	{args: []string{"-r", "f", "dl"}},
	{args: []string{"-rn", "f", "dl"}},
	{args: []string{"-rf", "top", "old"}},
	{dir: "d", args: []string{"-r", "../top/b/f", "../dl/l"}},
	{dir: "real/a", args: []string{"-r", "b/f", "../../d"}},
	{dir: "top", args: []string{"-r", "b/f", "../l"}},
	// Backups.
	{args: []string{"-b", "new", "old"}},
	{args: []string{"-S", ".bak", "new", "old"}},
	{args: []string{"-b", "new", "f"}},
	{args: []string{"-b", "new", "l"}},
	{args: []string{"--backup=simple", "new", "old"}},
	{args: []string{"--backup=none", "new", "old"}},
	{args: []string{"-bS.x", "-t", "d", "f", "old"}},
	{args: []string{"-b", "-S", "/", "new", "old"}},
	{args: []string{"-b", "-S", "d/x", "new", "old"}},
	{args: []string{"-S", ".", "new", "old"}},
	// Verbose output and its quoting.
	{args: []string{"-v", "it's", "a b"}},
	{args: []string{"-v", "it's $x", "a\tb"}},
	{args: []string{"-v", "a\"b'c", "x\x01\x02y"}},
	{args: []string{"-v", "'", "\x1b[0m"}},
	{args: []string{"-v", "a\\b", "c!d"}},
	{args: []string{"-v", "x/y"}},
	{args: []string{"-vr", "top/b/f", "dl/l"}},
	{args: []string{"-vb", "new", "old"}},
	{args: []string{"-v", "a", "b", "d"}},
	// Flags as GNU getopt reads them.
	{args: []string{"a", "l", "-v"}},
	{args: []string{"--", "-v"}},
	{args: []string{"-sfnvt", "d", "x"}},
	{args: []string{"--verb", "--no-d", "--force", "a", "dl"}},
	{args: []string{"--target-directory", "d", "x"}},
	{args: []string{"--target-directory=d", "x"}},
	{args: []string{"-T", "a", "b", "c"}},
	{args: []string{"-t", "d", "-T", "a", "b"}},
	{args: []string{}},
}

// TestSameAsGNULn runs each command line through "ln -s" and through symlink
// in two copies of one tree and compares the exit status, the output and
// the trees left behind.
func TestSameAsGNULn(t *testing.T) {
	out, err := exec.Command("ln", "--version").Output()
	if err != nil || !bytes.Contains(out, []byte("GNU coreutils")) {
		t.Skipf("no GNU ln to compare with (ln --version: %v %.40q)", err, out)
	}
	for _, tc := range gnuCases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			gnuRoot, ourRoot := scratch(t, gnuTree), scratch(t, gnuTree)
			gnu := runLn(t, gnuRoot, tc.dir, tc.args)
			ours := runIn(t, filepath.Join(ourRoot, tc.dir), nil, withRoot(tc.args, ourRoot)...)
			gnu.Stdout = strings.ReplaceAll(gnu.Stdout, gnuRoot, "$ROOT")
			ours.Stdout = strings.ReplaceAll(ours.Stdout, ourRoot, "$ROOT")
			gnu.Stderr, ours.Stderr = "", "" // worded differently
			if diff := cmp.Diff(gnu, ours); diff != "" {
				t.Errorf("ln -s %q and symlink differ (-ln +symlink):\n%s", tc.args, diff)
			}
			if diff := cmp.Diff(read(t, gnuRoot), read(t, ourRoot)); diff != "" {
				t.Errorf("ln -s %q and symlink leave different trees (-ln +symlink):\n%s", tc.args, diff)
			}
		})
	}
}

func runLn(t *testing.T, root, dir string, args []string) result {
	t.Helper()
	cmd := exec.Command("ln", append([]string{"-s"}, withRoot(args, root)...)...)
	cmd.Dir = filepath.Join(root, dir)
	cmd.Env = append(cleanEnv(), "LC_ALL=C")
	return execute(t, cmd)
}

func withRoot(args []string, root string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, "$ROOT", root)
	}
	return out
}
