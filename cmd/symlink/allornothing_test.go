package main

import "testing"

func TestAllOrNothing(t *testing.T) {
	try := "Try 'symlink --help'"
	conflicts := changed(sample, tree{"d/y": "file", "d/z": "-> q"})
	for _, tc := range []cliCase{
		{name: "TARGET LINK is a Batch of one", start: sample, args: []string{"--all-or-nothing", "-v", "a", "l"},
			changes: tree{"l": "-> a"}, stdout: "'l' -> 'a'\n"},
		{name: "TARGET LINK refused", start: sample, args: []string{"--all-or-nothing", "a", "f"},
			code: 1, errs: []string{`symlink "f" -> "a": file exists`}},
		{name: "-t DIR TARGET...", start: sample, args: []string{"--all-or-nothing", "-v", "-t", "d", "x", "f/y"},
			changes: tree{"d/x": "-> x", "d/y": "-> f/y"}, stdout: "'d/x' -> 'x'\n'd/y' -> 'f/y'\n"},
		{name: "TARGET... DIR", start: sample, args: []string{"--all-or-nothing", "x", "f/y", "d"},
			changes: tree{"d/x": "-> x", "d/y": "-> f/y"}},
		{name: "one refused: nothing made, every refusal printed", start: conflicts,
			args: []string{"--all-or-nothing", "-v", "-t", "d", "x", "y", "z", "w"},
			code: 1, errs: []string{`"d/y" -> "y": file exists`, `"d/z" -> "z": file exists`}},
		{name: "a directory in the way", start: sample, args: []string{"--all-or-nothing", "-f", "-t", ".", "a", "d"},
			code: 1, errs: []string{`"./d" -> "d": is a directory`}},
		{name: "a missing parent", start: sample, args: []string{"--all-or-nothing", "a", "x/l"},
			code: 1, errs: []string{"no such file or directory"}},
		{name: "the same LINK twice", start: sample, args: []string{"--all-or-nothing", "-t", "d", "x", "f/x"},
			code: 1, errs: []string{"the same link path is given twice", "the same link path is given twice"}},
		{name: "-b keeps what each replaced link was", start: conflicts,
			args:    []string{"--all-or-nothing", "-vb", "-t", "d", "x", "y", "z"},
			changes: tree{"d/x": "-> x", "d/y": "-> y", "d/y~": "file", "d/z": "-> z", "d/z~": "-> q"},
			stdout:  "'d/x' -> 'x'\n'd/y~' ~ 'd/y' -> 'y'\n'd/z~' ~ 'd/z' -> 'z'\n"},
		{name: "a link already right is printed as made", start: changed(sample, tree{"d/x": "-> x"}),
			args:    []string{"--all-or-nothing", "-vf", "-t", "d", "x", "y"},
			changes: tree{"d/y": "-> y"}, stdout: "'d/x' -> 'x'\n'd/y' -> 'y'\n"},
		{name: "-p makes a missing -t DIR once for every link", start: sample,
			args:    []string{"--all-or-nothing", "-p", "-t", "x/y", "a", "b"},
			changes: tree{"x": "dir", "x/y": "dir", "x/y/a": "-> a", "x/y/b": "-> b"}},
		{name: "--dry-run of a refused change prints only the refusals", start: conflicts,
			args: []string{"--all-or-nothing", "--dry-run", "-t", "d", "x", "y", "z", "w"},
			code: 1, errs: []string{`"d/y" -> "y": file exists`, `"d/z" -> "z": file exists`}},
		{name: "--dry-run of every action", start: changed(conflicts, tree{"d/x": "-> x"}),
			args:   []string{"--all-or-nothing", "--dry-run", "-b", "-t", "d", "x", "y", "w"},
			stdout: "'d/x' -> 'x' (unchanged)\n'd/y~' ~ 'd/y' -> 'y' (replaced)\n'd/w' -> 'w' (created)\n"},
		{name: "--journal: the links made, the journal gone", start: conflicts,
			args:    []string{"--all-or-nothing", "--journal=j", "-b", "-t", "d", "x", "y"},
			changes: tree{"d/x": "-> x", "d/y": "-> y", "d/y~": "file"}},
		{name: "--journal only with --all-or-nothing", start: sample, args: []string{"--journal=j", "a", "l"},
			code: 1, errs: []string{"--journal journals an --all-or-nothing change: give both", try}},
		{name: "--journal needs a name", start: sample, args: []string{"--all-or-nothing", "--journal=", "a", "l"},
			code: 1, errs: []string{"--journal needs a file name", try}},
		{name: "not with --remove", start: sample, args: []string{"--remove", "--all-or-nothing", "a", "l"},
			code: 1, errs: []string{"--remove removes each link on its own", try}},
		{name: "--dry-run not with --remove", start: sample, args: []string{"--remove", "--dry-run", "a", "l"},
			code: 1, errs: []string{"--remove removes each link on its own", try}},
		{name: "not with --read", start: sample, args: []string{"--read", "--dry-run", "old"},
			code: 1, errs: []string{"--read takes no other flag", try}},
	} {
		t.Run(tc.name, tc.test)
	}
}
