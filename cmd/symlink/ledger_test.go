package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLedger runs a dotfile install, a second run, an update, a dry run
// and an uninstall with --ledger in one folder, one after another.
func TestLedger(t *testing.T) {
	root := scratch(t, tree{"dot": "dir", "dot/a": "file", "dot/b": "file", "dot/c": "file", "home": "dir", "home/mine": "file"})
	steps := []struct {
		name   string
		args   []string
		stdout string
		home   tree // home/ after the step
		code   int
		errs   string
	}{
		{"install", []string{"-vr", "--ledger=led", "-t", "home", "dot/a", "dot/b"},
			"'home/a' -> '../dot/a'\n'home/b' -> '../dot/b'\n",
			tree{"home": "dir", "home/mine": "file", "home/a": "-> ../dot/a", "home/b": "-> ../dot/b"}, 0, ""},
		{"again: nothing to do", []string{"-r", "--ledger=led", "-t", "home", "dot/a", "dot/b"}, "",
			tree{"home": "dir", "home/mine": "file", "home/a": "-> ../dot/a", "home/b": "-> ../dot/b"}, 0, ""},
		{"a file of the user's in the way", []string{"-r", "--ledger=led", "-t", "home", "dot/a", "dot/mine"}, "",
			tree{"home": "dir", "home/mine": "file", "home/a": "-> ../dot/a", "home/b": "-> ../dot/b"}, 1, `"home/mine" -> "dot/mine": file exists`},
		{"update: b dropped, c added", []string{"-vr", "--ledger=led", "-t", "home", "dot/a", "dot/c"},
			"removed '$ROOT/home/b'\n'home/a' -> '../dot/a'\n'home/c' -> '../dot/c'\n",
			tree{"home": "dir", "home/mine": "file", "home/a": "-> ../dot/a", "home/c": "-> ../dot/c"}, 0, ""},
		{"--dry-run of the uninstall", []string{"--dry-run", "--ledger=led"},
			"'$ROOT/home/a' -> '../dot/a' (removed)\n'$ROOT/home/c' -> '../dot/c' (removed)\n",
			tree{"home": "dir", "home/mine": "file", "home/a": "-> ../dot/a", "home/c": "-> ../dot/c"}, 0, ""},
		{"uninstall", []string{"-v", "--ledger=led"},
			"removed '$ROOT/home/a'\nremoved '$ROOT/home/c'\n",
			tree{"home": "dir", "home/mine": "file"}, 0, ""},
	}
	realRoot, err := filepath.EvalSymlinks(root) // as the working directory says it
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		got := runIn(t, root, nil, s.args...)
		stdout := strings.ReplaceAll(strings.ReplaceAll(got.Stdout, realRoot, "$ROOT"), root, "$ROOT")
		if got.Code != s.code || stdout != filepath.FromSlash(s.stdout) || !strings.Contains(got.Stderr, s.errs) || (s.errs == "") != (got.Stderr == "") {
			t.Errorf("%s: symlink %q = %d, stdout %q, stderr %q; want %d, %q, %q", s.name, s.args, got.Code, stdout, got.Stderr, s.code, s.stdout, s.errs)
		}
		home := tree{}
		for k, v := range read(t, root) {
			if strings.HasPrefix(k, "home") {
				home[k] = v
			}
		}
		if diff := cmp.Diff(s.home, home); diff != "" {
			t.Errorf("%s: home (-want +got):\n%s", s.name, diff)
		}
	}
	for _, args := range [][]string{{"--ledger=led", "--journal=j", "a", "l"}, {"--ledger=led", "--remove", "a", "l"}, {"--ledger=", "a", "l"}} {
		if got := runIn(t, root, nil, args...); got.Code != 1 || !strings.Contains(got.Stderr, "Try 'symlink --help'") {
			t.Errorf("symlink %q = %d, %q; want a usage error", args, got.Code, got.Stderr)
		}
	}
}
