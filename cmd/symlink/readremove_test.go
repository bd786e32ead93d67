package main

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRead(t *testing.T) {
	try := "Try 'symlink --help'"
	for _, tc := range []cliCase{
		{name: "each link's content", start: sample, args: []string{"--read", "dl", "dang", "loop", "old"},
			stdout: "real\nnowhere\nloop\na\n"},
		{name: "one error line per path that is no link", start: sample, args: []string{"--read", "f", "dl", "d", "missing"},
			stdout: "real\n", code: 1,
			errs: []string{`read "f": not a symbolic link`, `read "d": not a symbolic link`, `read "missing": no such file or directory`}},
		{name: "a trailing separator names the target", start: sample, args: []string{"--read", "dl/"},
			code: 1, errs: []string{`read "dl/": link path ends in a separator`}},
		{name: "no operand", args: []string{"--read"}, code: 1, errs: []string{"missing operand", try}},
		{name: "with a flag that makes links", args: []string{"--read", "-f", "l"}, code: 1,
			errs: []string{"--read takes no other flag", try}},
		{name: "with --remove", args: []string{"--read", "--remove", "a", "l"}, code: 1,
			errs: []string{"--read takes no other flag", try}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestRemove(t *testing.T) {
	try := "Try 'symlink --help'"
	made := changed(sample, tree{"l": "-> a", "d/x": "-> x", "d/y": "-> f/y", "d/l": "-> ../f", "x": "-> real/x/"})
	for _, tc := range []cliCase{
		{name: "TARGET LINK", start: made, args: []string{"--remove", "a", "l"},
			changes: tree{"l": ""}},
		{name: "-v says what it removed, as rm -v", start: made, args: []string{"--remove", "-v", "a", "l"},
			changes: tree{"l": ""}, stdout: "removed 'l'\n"},
		{name: "TARGET: the link here named after it", start: made, args: []string{"--remove", "real/x/"},
			changes: tree{"x": ""}},
		{name: "TARGET... DIR", start: made, args: []string{"--remove", "x", "f/y", "d"},
			changes: tree{"d/x": "", "d/y": ""}},
		{name: "-t DIR TARGET...", start: made, args: []string{"--remove", "-v", "-t", "d", "x", "f/y"},
			changes: tree{"d/x": "", "d/y": ""}, stdout: "removed 'd/x'\nremoved 'd/y'\n"},
		{name: "-r compares the relative path", start: made, args: []string{"--remove", "-r", "f", "d/l"},
			changes: tree{"d/l": ""}},
		{name: "-r takes TARGET from the working directory", start: made, args: []string{"--remove", "-r", "../f", "d/l"},
			code: 1, errs: []string{`remove "d/l" -> "../f": the link holds "../f", not "../../f"`}},
		{name: "a LINK that links to a directory is the link", start: sample, args: []string{"--remove", "real", "dl"},
			changes: tree{"dl": ""}},
		{name: "-t through a link to a directory", start: changed(sample, tree{"real/a": "-> a"}),
			args: []string{"--remove", "-t", "dl", "a"}, changes: tree{"real/a": ""}},
		{name: "a link holding something else stays", start: sample, args: []string{"--remove", "b", "old"},
			code: 1, errs: []string{`remove "old" -> "b": the link holds "a", not "b"`}},
		{name: "a file stays", start: sample, args: []string{"--remove", "-T", "f", "f"},
			code: 1, errs: []string{`remove "f" -> "f": not a symbolic link`}},
		{name: "a directory stays", start: sample, args: []string{"--remove", "-T", "d", "d"},
			code: 1, errs: []string{`remove "d" -> "d": not a symbolic link`}},
		{name: "nothing there", start: sample, args: []string{"--remove", "a", "l"},
			code: 1, errs: []string{`remove "l" -> "a": no such file or directory`}},
		{name: "one failure does not stop the others", start: changed(made, tree{"d/z": "file"}),
			args: []string{"--remove", "-v", "-t", "d", "x", "y", "z"}, changes: tree{"d/x": ""},
			stdout: "removed 'd/x'\n", code: 1, errs: []string{`remove "d/y" -> "y": the link holds "f/y"`, `remove "d/z" -> "z": not a symbolic link`}},
		{name: "flags that only shape a new link", args: []string{"--remove", "-f", "a", "l"}, code: 1,
			errs: []string{"--remove only removes links", try}},
	} {
		t.Run(tc.name, tc.test)
	}
}

// TestRemoveUndoesEachForm runs each command line, then the same with
// --remove: the tree is as before.
func TestRemoveUndoesEachForm(t *testing.T) {
	for _, args := range [][]string{
		{"a", "l"},
		{"-T", "real", "l"},
		{"-n", "real", "l"},
		{"real/x/"},
		{"x", "f/y", "d"},
		{"-t", "d", "x", "f/y"},
		{"-t", "dl", "x"},
		{"-r", "f", "d/l"},
		{"-r", "-t", "d", "f", "real"},
		{"--sync", "a", "l"},
	} {
		t.Run(filepath.Join(args...), func(t *testing.T) {
			root := scratch(t, sample)
			if got := runIn(t, root, nil, args...); got.Code != 0 {
				t.Fatalf("symlink %q: %+v", args, got)
			}
			undo := append([]string{"--remove"}, args...)
			if got := runIn(t, root, nil, undo...); got.Code != 0 || got.Stderr != "" {
				t.Errorf("symlink %q: exit status %d, stderr %q; want 0 and nothing", undo, got.Code, got.Stderr)
			}
			if diff := cmp.Diff(sample, read(t, root)); diff != "" {
				t.Errorf("symlink %q then %q: tree (-before +after):\n%s", args, undo, diff)
			}
		})
	}
}
