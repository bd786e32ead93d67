package main

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// binary is the command, built once for all tests.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "symlink-cmd-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "symlink")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	goTool := "go"
	if root := os.Getenv("GOROOT"); root != "" {
		goTool = filepath.Join(root, "bin", "go")
	}
	if out, err := exec.Command(goTool, "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the command: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// A result is what one run of the command did.
type result struct {
	Code   int
	Stdout string
	Stderr string
}

// runIn runs the command in dir with args, in an environment free of the
// variables that change its behaviour, plus env.
func runIn(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), env...)
	return execute(t, cmd)
}

// execute runs cmd and returns what it did; only a failure to start it
// fails the test.
func execute(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running %q: %v", cmd.Args, err)
	}
	return result{Code: cmd.ProcessState.ExitCode(), Stdout: stdout.String(), Stderr: stderr.String()}
}

func cleanEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "POSIXLY_CORRECT", "VERSION_CONTROL", "SIMPLE_BACKUP_SUFFIX":
			return true
		}
		return false
	})
}

// A tree describes a folder: each path below it (slash-separated) is "dir",
// "file" or "-> CONTENT" for a link, where $ROOT in CONTENT stands for the
// folder's own path.
type tree map[string]string

// scratch makes a new folder holding tree, and skips the test where this
// process cannot make links.
func scratch(t *testing.T, tr tree) string {
	t.Helper()
	root := t.TempDir()
	if err := symlink.Check(root); err != nil {
		t.Skipf("cannot make links here: %v", err)
	}
	paths := make([]string, 0, len(tr))
	for p := range tr {
		paths = append(paths, p)
	}
	slices.Sort(paths) // parents first
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		var err error
		switch what := tr[p]; {
		case what == "dir":
			err = os.Mkdir(full, 0o777)
		case what == "file":
			err = os.WriteFile(full, nil, 0o666)
		case strings.HasPrefix(what, "-> "):
			err = os.Symlink(filepath.FromSlash(strings.ReplaceAll(what[3:], "$ROOT", root)), full)
		default:
			t.Fatalf("tree entry %q: %q is not dir, file or -> CONTENT", p, what)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// read describes the folder at root as a tree.
func read(t *testing.T, root string) tree {
	t.Helper()
	tr := tree{}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			content, err := os.Readlink(p)
			if err != nil {
				return err
			}
			content = strings.ReplaceAll(strings.ReplaceAll(content, realRoot, "$ROOT"), root, "$ROOT")
			tr[rel] = "-> " + filepath.ToSlash(content)
		case d.IsDir():
			tr[rel] = "dir"
		default:
			tr[rel] = "file"
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// changed is start with the entries of changes set, or removed where a
// change is "".
func changed(start, changes tree) tree {
	tr := tree{}
	for p, what := range start {
		tr[p] = what
	}
	for p, what := range changes {
		if what == "" {
			delete(tr, p)
		} else {
			tr[p] = what
		}
	}
	return tr
}

// deploy is a release tree where current points at the older release.
var deploy = tree{
	"releases":    "dir",
	"releases/41": "dir",
	"releases/42": "dir",
	"current":     "-> releases/41",
}

// sample has one of each kind of thing a LINK operand can be.
var sample = tree{
	"d":    "dir",
	"real": "dir",
	"dl":   "-> real",
	"dang": "-> nowhere",
	"loop": "-> loop",
	"f":    "file",
	"old":  "-> a",
}

// A cliCase is one command line run in a scratch folder holding start.
type cliCase struct {
	name    string
	start   tree
	env     []string
	args    []string
	changes tree     // what the run should change in start
	code    int      // the exit status
	stdout  string   // exactly, with "/" for the separator
	errs    []string // a substring of each line of stderr, in order (Unix wording)
}

func (tc cliCase) test(t *testing.T) {
	root := scratch(t, tc.start)
	got := runIn(t, root, tc.env, tc.args...)
	if got.Code != tc.code {
		t.Errorf("symlink %q: exit status %d, want %d (stderr %q)", tc.args, got.Code, tc.code, got.Stderr)
	}
	if want := filepath.FromSlash(tc.stdout); got.Stdout != want {
		t.Errorf("symlink %q: stdout %q, want %q", tc.args, got.Stdout, want)
	}
	lines := strings.Split(strings.TrimSuffix(got.Stderr, "\n"), "\n")
	if got.Stderr == "" {
		lines = nil
	}
	if runtime.GOOS == "windows" {
		// The causes are worded by the system: count the lines only.
		tc.errs = slices.Repeat([]string{""}, len(tc.errs))
	}
	if len(lines) != len(tc.errs) {
		t.Errorf("symlink %q: stderr has %d lines, want %d:\n%s", tc.args, len(lines), len(tc.errs), got.Stderr)
	} else {
		for i, want := range tc.errs {
			prefix := "symlink: "
			if strings.HasPrefix(want, "Try ") {
				prefix = ""
			}
			if !strings.Contains(lines[i], want) || !strings.HasPrefix(lines[i], prefix) {
				t.Errorf("symlink %q: stderr line %q, want %q holding %q", tc.args, lines[i], prefix+"...", want)
			}
		}
	}
	if diff := cmp.Diff(changed(tc.start, tc.changes), read(t, root)); diff != "" {
		t.Errorf("symlink %q: tree (-want +got):\n%s", tc.args, diff)
	}
}

func TestForms(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "TARGET LINK", start: sample, args: []string{"a", "l"},
			changes: tree{"l": "-> a"}},
		{name: "TARGET makes the link here, named after it", start: sample, args: []string{"real/x/"},
			changes: tree{"x": "-> real/x/"}},
		{name: "TARGET... DIR", start: sample, args: []string{"x", "f/y", "d"},
			changes: tree{"d/x": "-> x", "d/y": "-> f/y"}},
		{name: "-t DIR TARGET...", start: sample, args: []string{"-t", "d", "x", "f/y"},
			changes: tree{"d/x": "-> x", "d/y": "-> f/y"}},
		{name: "LINK that is a directory takes the link", start: sample, args: []string{"a", "d"},
			changes: tree{"d/a": "-> a"}},
		{name: "LINK that links to a directory takes the link", start: sample, args: []string{"a", "dl"},
			changes: tree{"real/a": "-> a"}},
		{name: "-n: a link to a directory is the link", start: sample, args: []string{"-n", "a", "dl"},
			code: 1, errs: []string{"file exists"}},
		{name: "-n: a real directory still takes the link", start: sample, args: []string{"-n", "a", "d"},
			changes: tree{"d/a": "-> a"}},
		{name: "-T: a directory is the link", start: sample, args: []string{"-T", "a", "d"},
			code: 1, errs: []string{"file exists"}},
		{name: "-fT: a directory is never replaced", start: sample, args: []string{"-fT", "a", "d"},
			code: 1, errs: []string{"is a directory"}},
		{name: "-fT: a link to a directory is replaced", start: sample, args: []string{"-fT", "d", "dl"},
			changes: tree{"dl": "-> d"}},
		{name: "a dangling LINK is the link", start: sample, args: []string{"-f", "a", "dang"},
			changes: tree{"dang": "-> a"}},
		{name: "a dangling LINK without -f", start: sample, args: []string{"a", "dang"},
			code: 1, errs: []string{"file exists"}},
		{name: "a loop is the link", start: sample, args: []string{"-f", "a", "loop"},
			changes: tree{"loop": "-> a"}},
		{name: "a file LINK without -f", start: sample, args: []string{"a", "f"},
			code: 1, errs: []string{"file exists"}},
		{name: "-f replaces a file", start: sample, args: []string{"-f", "a", "f"},
			changes: tree{"f": "-> a"}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestDeployIdiom(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "-sfn replaces the link", start: deploy, args: []string{"-sfn", "releases/42", "current"},
			changes: tree{"current": "-> releases/42"}},
		{name: "without -n the link goes into the old release", start: deploy, args: []string{"-sf", "releases/42", "current"},
			changes: tree{"releases/41/42": "-> releases/42"}},
		{name: "--force --no-dereference", start: deploy, args: []string{"--force", "--no-dereference", "releases/42", "current"},
			changes: tree{"current": "-> releases/42"}},
		{name: "twice is harmless", start: changed(deploy, tree{"current": "-> releases/42"}),
			args: []string{"-sfnv", "releases/42", "current"}, stdout: "'current' -> 'releases/42'\n"},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestFlags(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "-s is accepted", start: sample, args: []string{"-s", "a", "l"},
			changes: tree{"l": "-> a"}},
		{name: "--symbolic is accepted", start: sample, args: []string{"--symbolic", "a", "l"},
			changes: tree{"l": "-> a"}},
		{name: "-t with the value attached", start: sample, args: []string{"-sftd", "x"},
			changes: tree{"d/x": "-> x"}},
		{name: "--target-directory=DIR", start: sample, args: []string{"--target-directory=d", "x"},
			changes: tree{"d/x": "-> x"}},
		{name: "--target-directory DIR", start: sample, args: []string{"--target-directory", "d", "x"},
			changes: tree{"d/x": "-> x"}},
		{name: "-t DIR keeps one separator", start: sample, args: []string{"-v", "-t", "d//", "x"},
			changes: tree{"d/x": "-> x"}, stdout: "'d/x' -> 'x'\n"},
		{name: "-t follows a link to a directory", start: sample, args: []string{"-t", "dl", "x"},
			changes: tree{"real/x": "-> x"}},
		{name: "-n -t refuses a link to a directory", start: sample, args: []string{"-n", "-t", "dl", "x"},
			code: 1, errs: []string{`target "dl": not a directory`}},
		{name: "-r", start: sample, args: []string{"-r", "real/x", "d/l"},
			changes: tree{"d/l": "-> ../real/x"}},
		{name: "-r resolves a parent that is a link", start: sample, args: []string{"-r", "f", "dl/l"},
			changes: tree{"real/l": "-> ../f"}},
		{name: "--relative in a directory", start: sample, args: []string{"--relative", "f", "d"},
			changes: tree{"d/f": "-> ../f"}},
		{name: "-b", start: sample, args: []string{"-b", "new", "old"},
			changes: tree{"old": "-> new", "old~": "-> a"}},
		{name: "--backup=existing without numbered backups is simple", start: sample,
			args: []string{"--backup=existing", "new", "old"}, changes: tree{"old": "-> new", "old~": "-> a"}},
		{name: "--backup=existing refuses a LINK with numbered backups", start: changed(sample, tree{"old.~1~": "file"}),
			args: []string{"--backup=existing", "new", "old", "-v"},
			code: 1, errs: []string{`'old' has numbered backups ('old.~1~'), which --backup=existing would continue`}},
		{name: "VERSION_CONTROL=existing refuses it too", start: changed(sample, tree{"old.~12~": "file"}),
			env: []string{"VERSION_CONTROL=existing"}, args: []string{"-b", "new", "old"},
			code: 1, errs: []string{`'old' has numbered backups ('old.~12~')`}},
		{name: "--backup=nil: only LINK.~N~ with N a number counts", start: changed(sample, tree{"old.~x~": "file", "old.~~": "file", "older.~1~": "file"}),
			args: []string{"--backup=nil", "new", "old"}, changes: tree{"old": "-> new", "old~": "-> a"}},
		{name: "--backup=existing --all-or-nothing refuses before making any", start: changed(sample, tree{"d/x.~1~": "file", "d/y": "-> old"}),
			args: []string{"--backup=existing", "--all-or-nothing", "-t", "d", "y", "x"},
			code: 1, errs: []string{`'d/x' has numbered backups ('d/x.~1~')`}},
		{name: "-b keeps a file", start: sample, args: []string{"-b", "new", "f"},
			changes: tree{"f": "-> new", "f~": "file"}},
		{name: "--backup", start: sample, args: []string{"--backup", "new", "old"},
			changes: tree{"old": "-> new", "old~": "-> a"}},
		{name: "--backup=simple", start: sample, args: []string{"--backup=simple", "new", "old"},
			changes: tree{"old": "-> new", "old~": "-> a"}},
		{name: "--backup=existing is simple", start: sample, args: []string{"--backup=existing", "new", "old"},
			changes: tree{"old": "-> new", "old~": "-> a"}},
		{name: "--backup=none makes none and replaces nothing", start: sample, args: []string{"--backup=none", "new", "old"},
			code: 1, errs: []string{"file exists"}},
		{name: "--backup=off -f", start: sample, args: []string{"--backup=off", "-f", "new", "old"},
			changes: tree{"old": "-> new"}},
		{name: "-S SUFFIX implies -b", start: sample, args: []string{"-S", ".bak", "new", "old"},
			changes: tree{"old": "-> new", "old.bak": "-> a"}},
		{name: "-S with the value attached", start: sample, args: []string{"-fS.bak", "new", "old"},
			changes: tree{"old": "-> new", "old.bak": "-> a"}},
		{name: "--suffix=SUFFIX", start: sample, args: []string{"--suffix=.orig", "new", "old"},
			changes: tree{"old": "-> new", "old.orig": "-> a"}},
		{name: "SIMPLE_BACKUP_SUFFIX", start: sample, env: []string{"SIMPLE_BACKUP_SUFFIX=.prev"},
			args: []string{"-b", "new", "old"}, changes: tree{"old": "-> new", "old.prev": "-> a"}},
		{name: "VERSION_CONTROL=none", start: sample, env: []string{"VERSION_CONTROL=none"},
			args: []string{"-bf", "new", "old"}, changes: tree{"old": "-> new"}},
		{name: "-p", start: sample, args: []string{"-p", "a", "x/y/l"},
			changes: tree{"x": "dir", "x/y": "dir", "x/y/l": "-> a"}},
		{name: "--parents makes a missing -t DIR", start: sample, args: []string{"--parents", "-t", "x/y", "a"},
			changes: tree{"x": "dir", "x/y": "dir", "x/y/a": "-> a"}},
		{name: "without -p a missing parent fails", start: sample, args: []string{"a", "x/l"},
			code: 1, errs: []string{"no such file or directory"}},
		{name: "--must-exist with the target there", start: sample, args: []string{"--must-exist", "../f", "d"},
			changes: tree{"d/f": "-> ../f"}},
		{name: "--must-exist with the target missing", start: sample, args: []string{"--must-exist", "missing", "l"},
			code: 1, errs: []string{"does not exist"}},
		{name: "--kind dir", start: sample, args: []string{"--kind", "dir", "real", "l"},
			changes: tree{"l": "-> real"}},
		{name: "--kind=file of a directory", start: sample, args: []string{"--kind=file", "real", "l"},
			code: 1, errs: []string{"directory"}},
		{name: "--kind=d abbreviated", start: sample, args: []string{"--kind=d", "f", "l"},
			code: 1, errs: []string{"not a directory"}},
		{name: "--sync", start: sample, args: []string{"--sync", "a", "l"},
			changes: tree{"l": "-> a"}},
		{name: "long flags abbreviated", start: sample, args: []string{"--verb", "--rel", "--no-d", "f", "l"},
			changes: tree{"l": "-> f"}, stdout: "'l' -> 'f'\n"},
		{name: "flags after operands", start: sample, args: []string{"a", "l", "-v"},
			changes: tree{"l": "-> a"}, stdout: "'l' -> 'a'\n"},
		{name: "POSIXLY_CORRECT: the first operand ends the flags", start: sample, env: []string{"POSIXLY_CORRECT=1"},
			args: []string{"a", "l", "-v"}, code: 1, errs: []string{`target "-v": no such file or directory`}},
		{name: "-- ends the flags", start: sample, args: []string{"--", "-v"},
			changes: tree{"-v": "-> -v"}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestVerbose(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "one link", start: sample, args: []string{"-v", "a", "l"},
			changes: tree{"l": "-> a"}, stdout: "'l' -> 'a'\n"},
		{name: "in the working directory", start: sample, args: []string{"-v", "x/y"},
			changes: tree{"y": "-> x/y"}, stdout: "'./y' -> 'x/y'\n"},
		{name: "in a directory", start: sample, args: []string{"--verbose", "a", "b", "d"},
			changes: tree{"d/a": "-> a", "d/b": "-> b"}, stdout: "'d/a' -> 'a'\n'd/b' -> 'b'\n"},
		{name: "relative shows what the link holds", start: sample, args: []string{"-vr", "f", "d/l"},
			changes: tree{"d/l": "-> ../f"}, stdout: "'d/l' -> '../f'\n"},
		{name: "backup first", start: sample, args: []string{"-vb", "new", "old"},
			changes: tree{"old": "-> new", "old~": "-> a"}, stdout: "'old~' ~ 'old' -> 'new'\n"},
		{name: "no backup of nothing", start: sample, args: []string{"-vb", "new", "l"},
			changes: tree{"l": "-> new"}, stdout: "'l' -> 'new'\n"},
		{name: "no backup when already right", start: sample, args: []string{"-vb", "a", "old"},
			stdout: "'old' -> 'a'\n"},
		{name: "quoting", start: sample, args: []string{"-v", "it's", "a b"},
			changes: tree{"a b": "-> it's"}, stdout: "'a b' -> \"it's\"\n"},
		{name: "nothing for a failure", start: sample, args: []string{"-v", "a", "f"},
			code: 1, errs: []string{"file exists"}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestOneFailureDoesNotStopTheOthers(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "in a directory", start: changed(sample, tree{"d/y": "file"}), args: []string{"-v", "x", "y", "z", "d"},
			changes: tree{"d/x": "-> x", "d/z": "-> z"}, stdout: "'d/x' -> 'x'\n'd/z' -> 'z'\n",
			code: 1, errs: []string{`"d/y" -> "y": file exists`}},
		{name: "two failures, two lines", start: changed(sample, tree{"d/x": "file", "d/z": "-> q"}),
			args:    []string{"-t", "d", "x", "y", "z"},
			changes: tree{"d/y": "-> y"}, code: 1, errs: []string{`"d/x"`, `"d/z"`}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestUsageErrors(t *testing.T) {
	try := "Try 'symlink --help'"
	for _, tc := range []cliCase{
		{name: "no operand", args: nil, code: 1, errs: []string{"missing file operand", try}},
		{name: "-t without a target", args: []string{"-t", "d"}, start: sample, code: 1, errs: []string{"missing file operand", try}},
		{name: "-T with one operand", args: []string{"-T", "a"}, code: 1, errs: []string{`missing destination file operand after "a"`, try}},
		{name: "-T with three operands", args: []string{"-T", "a", "b", "d"}, start: sample, code: 1,
			errs: []string{`extra operand "d"`, try}},
		{name: "-t with -T", args: []string{"-T", "-t", "d", "a", "b"}, start: sample, code: 1,
			errs: []string{"cannot combine --target-directory (-t) and --no-target-directory (-T)"}},
		{name: "two -t", args: []string{"-t", "d", "-t", "real", "a"}, start: sample, code: 1,
			errs: []string{"multiple target directories specified", try}},
		{name: "last operand not a directory", args: []string{"a", "b", "f"}, start: sample, code: 1,
			errs: []string{`target "f": not a directory`}},
		{name: "last operand missing", args: []string{"a", "b", "x"}, start: sample, code: 1,
			errs: []string{`target "x": no such file or directory`}},
		{name: "-n with a link to a directory last", args: []string{"-n", "a", "b", "dl"}, start: sample, code: 1,
			errs: []string{`target "dl": not a directory`}},
		{name: "-t DIR not a directory", args: []string{"-t", "f", "a"}, start: sample, code: 1,
			errs: []string{`target "f": not a directory`}},
		{name: "unknown short flag", args: []string{"-sx", "a", "l"}, code: 1, errs: []string{"invalid option -- 'x'", try}},
		{name: "unknown long flag", args: []string{"--frob", "a", "l"}, code: 1, errs: []string{"unrecognized option '--frob'", try}},
		{name: "ambiguous long flag", args: []string{"--s", "a", "l"}, code: 1,
			errs: []string{"option '--s' is ambiguous; possibilities: '--symbolic' '--suffix' '--sync'", try}},
		{name: "value for a plain flag", args: []string{"--verbose=1", "a", "l"}, code: 1,
			errs: []string{"option '--verbose' doesn't allow an argument", try}},
		{name: "-t without a value", args: []string{"a", "-t"}, code: 1, errs: []string{"option requires an argument -- 't'", try}},
		{name: "--suffix without a value", args: []string{"a", "l", "--suffix"}, code: 1,
			errs: []string{"option '--suffix' requires an argument", try}},
		{name: "unknown kind", args: []string{"--kind=link", "a", "l"}, code: 1,
			errs: []string{`invalid argument "link" for --kind; valid arguments are: auto, file, dir`, try}},
		{name: "numbered backups", args: []string{"--backup=numbered", "a", "l"}, code: 1,
			errs: []string{"numbered backups", try}},
		{name: "ambiguous backup control", args: []string{"--backup=n", "a", "l"}, code: 1,
			errs: []string{`ambiguous argument "n" for --backup`, try}},
		{name: "bad VERSION_CONTROL", env: []string{"VERSION_CONTROL=sometimes"}, args: []string{"-b", "a", "l"}, code: 1,
			errs: []string{`invalid argument "sometimes" for VERSION_CONTROL`, try}},
		{name: "--check with operands", args: []string{"--check", ".", "a", "l"}, code: 1,
			errs: []string{"--check takes no operands", try}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []cliCase{
		{name: "a folder where links can be made", start: sample, args: []string{"--check", "d"},
			stdout: "'d': symbolic links can be made here\n"},
		{name: "each folder", start: sample, args: []string{"--check=d", "--check", "missing", "--check", "real"},
			stdout: "'d': symbolic links can be made here\n'real': symbolic links can be made here\n",
			code:   1, errs: []string{`check "missing"`}},
	} {
		t.Run(tc.name, tc.test)
	}
}

func TestHelpAndVersion(t *testing.T) {
	dir := t.TempDir()
	got := runIn(t, dir, nil, "--help", "a", "b")
	if got.Code != 0 || got.Stderr != "" || got.Stdout != help {
		t.Errorf("symlink --help: %+v, want exit status 0 and the help on stdout", got)
	}
	// As GNU ln: --help acts at once, so a bad flag after it does not matter.
	got = runIn(t, dir, nil, "--help", "--bogus")
	if got.Code != 0 || got.Stderr != "" || got.Stdout != help {
		t.Errorf("symlink --help --bogus: %+v, want exit status 0 and the help on stdout", got)
	}
	got = runIn(t, dir, nil, "--version")
	if got.Code != 0 || got.Stderr != "" || !strings.HasPrefix(got.Stdout, "symlink ") {
		t.Errorf("symlink --version: %+v, want exit status 0 and \"symlink VERSION\" on stdout", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("--help and --version made %d entries, want none", len(entries))
	}
}

// TestHelpIsInTheDocs checks that every flag --help lists is in the package
// documentation, word for word.
func TestHelpIsInTheDocs(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]bool{}
	for _, line := range strings.Split(f.Doc.Text(), "\n") {
		doc[strings.TrimSpace(line)] = true
	}
	_, flags, _ := strings.Cut(help, "\n\n")
	flags, _, _ = strings.Cut(flags, "\n\n")
	if !strings.Contains(flags, "--target-directory=DIR") {
		t.Fatalf("found no flags in --help; the test expects them after the first blank line:\n%s", help)
	}
	for _, line := range strings.Split(flags, "\n") {
		if !doc[strings.TrimSpace(line)] {
			t.Errorf("the package documentation lacks this line of --help:\n%s", line)
		}
	}
}
