//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadSameAsGNUReadlink runs "readlink" and "symlink --read" on the same
// operands and compares the exit status and the output; symlink also says
// on stderr why each failing operand is no link, where readlink is silent.
func TestReadSameAsGNUReadlink(t *testing.T) {
	gnu(t, "readlink")
	root := scratch(t, gnuTree)
	for _, ops := range [][]string{
		{"dl"}, {"top", "abs", "up"}, {"dang"}, {"loop"}, {"long"},
		{"f"}, {"d"}, {"missing"}, {"dl/"}, {"dl", "f", "dang"}, {"real/a/b/f", "dl"},
	} {
		t.Run(strings.Join(ops, " "), func(t *testing.T) {
			cmd := exec.Command("readlink", ops...)
			cmd.Dir = root
			cmd.Env = append(cleanEnv(), "LC_ALL=C")
			want := execute(t, cmd)
			got := runIn(t, root, nil, append([]string{"--read"}, ops...)...)
			if got.Code != want.Code || got.Stdout != want.Stdout {
				t.Errorf("readlink: %d %q; symlink --read: %d %q", want.Code, want.Stdout, got.Code, got.Stdout)
			}
			if failed := countFailures(t, root, ops); strings.Count(got.Stderr, "\n") != failed {
				t.Errorf("symlink --read: stderr %q, want one line for each of the %d operands that are no links", got.Stderr, failed)
			}
		})
	}
}

// countFailures is how many of ops readlink fails on, one at a time.
func countFailures(t *testing.T, root string, ops []string) int {
	n := 0
	for _, op := range ops {
		cmd := exec.Command("readlink", op)
		cmd.Dir = root
		if execute(t, cmd).Code != 0 {
			n++
		}
	}
	return n
}

// TestRemoveSameAsRm: where LINK holds what the command would make,
// "symlink --remove" does what "rm LINK" does; where it does not, rm would
// remove it all the same, and symlink leaves it (see TestRemove).
func TestRemoveSameAsRm(t *testing.T) {
	gnu(t, "rm")
	for _, tc := range []struct {
		args []string // of symlink --remove
		rm   []string // the rm command that removes the same
	}{
		{[]string{"real", "dl"}, []string{"dl"}},
		{[]string{"-T", "nowhere", "dang"}, []string{"dang"}},
		{[]string{"loop", "loop"}, []string{"loop"}},
		{[]string{"-n", "$ROOT/real/a/b", "abs"}, []string{"abs"}},
		{[]string{"-r", "real", "dl"}, []string{"dl"}},
		{[]string{"-r", "real/a", "top"}, []string{"top"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			rmRoot, ourRoot := scratch(t, gnuTree), scratch(t, gnuTree)
			cmd := exec.Command("rm", tc.rm...)
			cmd.Dir = rmRoot
			if got := execute(t, cmd); got.Code != 0 {
				t.Fatalf("rm %q: %+v", tc.rm, got)
			}
			got := runIn(t, ourRoot, nil, withRoot(append([]string{"--remove"}, tc.args...), ourRoot)...)
			if got.Code != 0 || got.Stderr != "" {
				t.Errorf("symlink --remove %q: exit status %d, stderr %q; want 0", tc.args, got.Code, got.Stderr)
			}
			if diff := cmp.Diff(read(t, rmRoot), read(t, ourRoot)); diff != "" {
				t.Errorf("rm %q and symlink --remove %q leave different trees (-rm +symlink):\n%s", tc.rm, tc.args, diff)
			}
		})
	}
}

// gnu skips the test when tool is not the GNU coreutils one.
func gnu(t *testing.T, tool string) {
	t.Helper()
	out, err := exec.Command(tool, "--version").Output()
	if err != nil || !bytes.Contains(out, []byte("GNU coreutils")) {
		t.Skipf("no GNU %s to compare with (%s --version: %v %.40q)", tool, tool, err, out)
	}
}
