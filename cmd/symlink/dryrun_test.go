package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDryRun changes nothing in any case: no case has changes.
func TestDryRun(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "TARGET LINK", start: sample, args: []string{"--dry-run", "a", "l"},
			stdout: "'l' -> 'a' (created)\n"},
		{name: "TARGET", start: sample, args: []string{"--dry-run", "real/x/"},
			stdout: "'./x' -> 'real/x/' (created)\n"},
		{name: "TARGET... DIR", start: sample, args: []string{"--dry-run", "x", "f/y", "d"},
			stdout: "'d/x' -> 'x' (created)\n'd/y' -> 'f/y' (created)\n"},
		{name: "-t DIR TARGET...", start: sample, args: []string{"--dry-run", "-t", "d", "x", "f/y"},
			stdout: "'d/x' -> 'x' (created)\n'd/y' -> 'f/y' (created)\n"},
		{name: "-f replaces a link", start: sample, args: []string{"--dry-run", "-f", "new", "old"},
			stdout: "'old' -> 'new' (replaced)\n"},
		{name: "-f replaces a file", start: sample, args: []string{"--dry-run", "-f", "new", "f"},
			stdout: "'f' -> 'new' (replaced)\n"},
		{name: "-b shows the backup", start: sample, args: []string{"--dry-run", "-b", "new", "old"},
			stdout: "'old~' ~ 'old' -> 'new' (replaced)\n"},
		{name: "-f of a link already right", start: sample, args: []string{"--dry-run", "-f", "a", "old"},
			stdout: "'old' -> 'a' (unchanged)\n"},
		{name: "-b of a link already right keeps no backup", start: sample, args: []string{"--dry-run", "-b", "a", "old"},
			stdout: "'old' -> 'a' (unchanged)\n"},
		{name: "-sfn of the deploy idiom", start: deploy, args: []string{"--dry-run", "-sfn", "releases/42", "current"},
			stdout: "'current' -> 'releases/42' (replaced)\n"},
		{name: "-r shows what the link would hold", start: sample, args: []string{"--dry-run", "-r", "f", "d/l"},
			stdout: "'d/l' -> '../f' (created)\n"},
		{name: "-p makes no parent", start: sample, args: []string{"--dry-run", "-p", "a", "x/y/l"},
			stdout: "'x/y/l' -> 'a' (created)\n"},
		{name: "-p makes no -t DIR", start: sample, args: []string{"--dry-run", "-p", "-t", "x", "a"},
			stdout: "'x/a' -> 'a' (created)\n"},
		{name: "-v prints each line once", start: sample, args: []string{"--dry-run", "-v", "a", "l"},
			stdout: "'l' -> 'a' (created)\n"},
		{name: "an existing LINK without -f", start: sample, args: []string{"--dry-run", "a", "f"},
			code: 1, errs: []string{`symlink "f" -> "a": file exists`}},
		{name: "a directory in the way", start: sample, args: []string{"--dry-run", "-fT", "a", "d"},
			code: 1, errs: []string{"is a directory"}},
		{name: "a missing parent", start: sample, args: []string{"--dry-run", "a", "x/l"},
			code: 1, errs: []string{"no such file or directory"}},
		{name: "--must-exist with the target missing", start: sample, args: []string{"--dry-run", "--must-exist", "missing", "l"},
			code: 1, errs: []string{"does not exist"}},
		{name: "one line per link, one error per failure", start: changed(sample, tree{"d/y": "file", "d/z": "-> z"}),
			args:   []string{"--dry-run", "-t", "d", "x", "y", "z", "w"},
			stdout: "'d/x' -> 'x' (created)\n'd/w' -> 'w' (created)\n",
			code:   1, errs: []string{`"d/y" -> "y": file exists`, `"d/z" -> "z": file exists`}},
		{name: "a DIRECTORY operand that is no directory", start: sample, args: []string{"--dry-run", "a", "b", "f"},
			code: 1, errs: []string{`target "f": not a directory`}},
	} {
		t.Run(tc.name, tc.test)
	}
}

// action is the end of a --dry-run line.
var action = regexp.MustCompile(` \((created|replaced|unchanged)\)\n`)

// TestDryRunForeseesTheRealRun runs each command line with --dry-run in one
// copy of a tree and with -v for real in another: the dry run must leave
// its tree as it was, exit as the real run did, print the same errors and,
// less the action, the lines -v prints.
func TestDryRunForeseesTheRealRun(t *testing.T) {
	start := changed(sample, tree{"d/y": "file", "d/z": "-> z", "real/q": "dir"})
	for _, args := range [][]string{
		{"a", "l"},
		{"x", "f/y", "d"},
		{"-t", "d", "x", "y", "z"},
		{"-f", "-t", "d", "x", "y", "z"},
		{"-b", "-t", "d", "x", "y", "z"},
		{"-fn", "a", "dl"},
		{"-fT", "a", "d"},
		{"-T", "a", "f"},
		{"-f", "a", "old"},
		{"-r", "f", "dl/l"},
		{"a", "x/l"},
		{"-p", "a", "x/y/l"},
		{"-f", "a", "dl/q"},
		{"-f", "f", "f"},
		{"--must-exist", "missing", "l"},
		{"--kind=file", "real", "l"},
		// A LINK that an earlier link of the same command makes or backs up.
		{"a", "a", "d"},
		{"-f", "a", "a", "d"},
		{"-f", "a", "real/a", "d"},
		{"-b", "a", "a", "d"},
		{"-b", "-t", "d", "y", "y~"},
		{"-b", "-t", "d", "z", "z~", "z~~"},
		{"-fr", "f", "./f", "d"},
		// All or nothing: the plan, or only the refusals.
		{"--all-or-nothing", "x", "w", "d"},
		{"--all-or-nothing", "x", "y", "d"},
		{"--all-or-nothing", "-f", "x", "y", "z", "d"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			real, dry := scratch(t, start), scratch(t, start)
			want := runIn(t, real, nil, append([]string{"-v"}, args...)...)
			got := runIn(t, dry, nil, append([]string{"--dry-run"}, args...)...)
			got.Stdout = action.ReplaceAllString(got.Stdout, "\n")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("symlink -v %q and symlink --dry-run %[1]q differ (-real +dry run, less the actions):\n%s", args, diff)
			}
			if diff := cmp.Diff(start, read(t, dry)); diff != "" {
				t.Errorf("symlink --dry-run %q changed the tree (-want +got):\n%s", args, diff)
			}
		})
	}
}
