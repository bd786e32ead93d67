package symlink_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// reconcileDir makes a directory for a Reconcile test, the working
// directory, with a home/ to link into; it returns the ledger's path.
func reconcileDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	linksOrSkip(t, dir)
	t.Chdir(dir)
	if err := os.Mkdir("home", 0o777); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "ledger")
}

// reconcileOK runs Reconcile and fails the test on an error.
func reconcileOK(t *testing.T, ledger string, want map[string]string, opts ...symlink.Option) []symlink.Result {
	t.Helper()
	res, err := symlink.Reconcile(context.Background(), ledger, want, opts...)
	if err != nil {
		t.Fatalf("Reconcile(%v) = %v", want, err)
	}
	return res
}

// actions are the Results as "action dst", for comparisons.
func actions(res []symlink.Result) []string {
	var s []string
	for _, r := range res {
		s = append(s, r.Action.String()+" "+filepath.ToSlash(r.Dst))
	}
	return s
}

// recorded is what the ledger records: its link lines, as "path -> content"
// with the directory's prefix cut, and whether it has dir lines.
func recorded(t *testing.T, ledger string) []string {
	t.Helper()
	b, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	prefix := filepath.Dir(ledger) + string(filepath.Separator)
	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "link ") || strings.HasPrefix(line, "dir ") {
			lines = append(lines, strings.ReplaceAll(strings.ReplaceAll(line, strings.ReplaceAll(prefix, `\`, `\\`), ""), `\\`, "/"))
		}
	}
	return lines
}

// TestReconcileDotfiles: install, a run that changes nothing, an update
// that changes and drops links, and an uninstall (an empty want), with the
// Results and the ledger of each.
func TestReconcileDotfiles(t *testing.T) {
	ledger := reconcileDir(t)
	bashrc, conf := filepath.Join("home", ".bashrc"), filepath.Join("home", ".config", "app", "conf")
	v1 := map[string]string{bashrc: "../dot/bashrc", conf: "../../../dot/conf"}

	res := reconcileOK(t, ledger, v1, symlink.WithParents())
	if diff := cmp.Diff([]string{"created home/.bashrc", "created home/.config/app/conf"}, actions(res)); diff != "" {
		t.Errorf("install (-want +got):\n%s", diff)
	}
	wantLedger := []string{
		`link "home/.bashrc" "../dot/bashrc"`, `link "home/.config/app/conf" "../../../dot/conf"`,
		`dir "home/.config"`, `dir "home/.config/app"`,
	}
	if diff := cmp.Diff(wantLedger, recorded(t, ledger)); diff != "" {
		t.Errorf("ledger after the install (-want +got):\n%s", diff)
	}

	// Nothing to change: nothing written, the ledger's file included.
	before, _ := os.Stat(ledger)
	dirBefore, _ := os.Stat(".")
	time.Sleep(10 * time.Millisecond)
	res = reconcileOK(t, ledger, v1, symlink.WithParents())
	if diff := cmp.Diff([]string{"unchanged home/.bashrc", "unchanged home/.config/app/conf"}, actions(res)); diff != "" {
		t.Errorf("second run (-want +got):\n%s", diff)
	}
	after, _ := os.Stat(ledger)
	dirAfter, _ := os.Stat(".")
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) || !dirBefore.ModTime().Equal(dirAfter.ModTime()) {
		t.Errorf("a run that changes nothing rewrote the ledger or changed its directory")
	}

	// An update: bashrc points elsewhere (its own link: replaced without
	// WithReplace), conf is no longer wanted (removed, with its parents).
	res = reconcileOK(t, ledger, map[string]string{bashrc: "../dot/bashrc2"})
	abs, _ := filepath.Abs(conf)
	if diff := cmp.Diff([]string{filepath.ToSlash(abs), "home/.bashrc"}, dsts(res)); diff != "" {
		t.Errorf("update's Results (-want +got):\n%s", diff)
	}
	if res[0].Action != symlink.Removed || res[1].Action != symlink.Replaced {
		t.Errorf("update's Results = %v; want removed, replaced", actions(res))
	}
	if _, err := os.Lstat(filepath.Join("home", ".config")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the parents made for conf are still there: %v", err)
	}
	if diff := cmp.Diff([]string{`link "home/.bashrc" "../dot/bashrc2"`}, recorded(t, ledger)); diff != "" {
		t.Errorf("ledger after the update (-want +got):\n%s", diff)
	}

	// Uninstall.
	res = reconcileOK(t, ledger, nil)
	if len(res) != 1 || res[0].Action != symlink.Removed {
		t.Errorf("uninstall = %v; want bashrc removed", actions(res))
	}
	if entries, _ := os.ReadDir("home"); len(entries) != 0 {
		t.Errorf("home holds %d entries after the uninstall", len(entries))
	}
	if got := recorded(t, ledger); len(got) != 0 {
		t.Errorf("ledger after the uninstall records %q", got)
	}
}

func dsts(res []symlink.Result) []string {
	var s []string
	for _, r := range res {
		s = append(s, filepath.ToSlash(r.Dst))
	}
	return s
}

// TestReconcileConflicts: another program's file or link in the way is
// ErrExist, every one reported at once, and then nothing is written, the
// ledger included; WithReplace takes them.
func TestReconcileConflicts(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{"home/a": "x"})
	ledgerBefore, _ := os.ReadFile(ledger)
	writeFile(t, filepath.Join("home", "file"), "theirs")
	mustCreate(t, "theirs", filepath.Join("home", "link"))
	before := snapshot(t, ".")
	want := map[string]string{"home/a": "y", "home/file": "x", "home/link": "x", "home/new": "x"}
	_, err := symlink.Reconcile(context.Background(), ledger, want)
	var errs []*symlink.Error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			var se *symlink.Error
			if errors.As(e, &se) && errors.Is(e, symlink.ErrExist) {
				errs = append(errs, se)
			}
		}
	}
	if len(errs) != 2 || filepath.ToSlash(errs[0].Dst) != "home/file" || filepath.ToSlash(errs[1].Dst) != "home/link" {
		t.Fatalf("Reconcile = %v; want ErrExist for home/file and home/link, joined", err)
	}
	if diff := cmp.Diff(before, snapshot(t, ".")); diff != "" {
		t.Errorf("a Reconcile with conflicts changed the tree (-before +after):\n%s", diff)
	}
	if b, _ := os.ReadFile(ledger); string(b) != string(ledgerBefore) {
		t.Errorf("a Reconcile with conflicts changed the ledger")
	}
	res := reconcileOK(t, ledger, want, symlink.WithReplace())
	if diff := cmp.Diff([]string{"replaced home/a", "replaced home/file", "replaced home/link", "created home/new"}, actions(res)); diff != "" {
		t.Errorf("with WithReplace (-want +got):\n%s", diff)
	}
}

// TestReconcileDisowns: a link of the ledger that another program changed
// is left as it is and forgotten; a later run that wants it again finds it
// in the way. A parent that holds anything else stays.
func TestReconcileDisowns(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{"home/a": "x", "home/b": "x", "home/d/c": "x"}, symlink.WithParents())
	if err := os.Remove(filepath.Join("home", "a")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join("home", "a"), "theirs now")
	if err := os.Remove(filepath.Join("home", "b")); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, "elsewhere", filepath.Join("home", "b"))
	writeFile(t, filepath.Join("home", "d", "user-file"), "keep")

	res := reconcileOK(t, ledger, nil)
	if diff := cmp.Diff([]symlink.Action{symlink.Disowned, symlink.Disowned, symlink.Removed}, actionsOf(res)); diff != "" {
		t.Errorf("Actions (-want +got):\n%s", diff)
	}
	want := map[string]entry{
		".": {Type: "dir"}, "ledger": {Type: "file"}, "home": {Type: "dir"},
		"home/a": {Type: "file", Content: "theirs now"}, "home/b": {Type: "link", Content: "elsewhere"},
		"home/d": {Type: "dir"}, "home/d/user-file": {Type: "file", Content: "keep"},
	}
	got := snapshot(t, ".")
	got["ledger"] = entry{Type: got["ledger"].Type}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`dir "home/d"`}, recorded(t, ledger)); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
	if _, err := symlink.Reconcile(context.Background(), ledger, map[string]string{"home/b": "x"}); !errors.Is(err, symlink.ErrExist) {
		t.Errorf("wanting a disowned link again = %v; want ErrExist", err)
	}
}

func actionsOf(res []symlink.Result) []symlink.Action {
	var a []symlink.Action
	for _, r := range res {
		a = append(a, r.Action)
	}
	return a
}

// TestReconcileDryRun: the Results of the real run, and nothing written:
// no link, no ledger (not even a new empty one).
func TestReconcileDryRun(t *testing.T) {
	ledger := reconcileDir(t)
	want := map[string]string{"home/a": "x", "home/p/b": "y"}
	before := snapshot(t, ".")
	dry, err := symlink.Reconcile(context.Background(), ledger, want, symlink.WithParents(), symlink.WithDryRun())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, snapshot(t, ".")); diff != "" {
		t.Errorf("the dry run changed the tree (-before +after):\n%s", diff)
	}
	real := reconcileOK(t, ledger, want, symlink.WithParents())
	if diff := cmp.Diff(real, dry); diff != "" {
		t.Errorf("Results (-real +dry run):\n%s", diff)
	}
	ledgerBefore, _ := os.ReadFile(ledger)
	dry, err = symlink.Reconcile(context.Background(), ledger, map[string]string{"home/a": "z"}, symlink.WithDryRun())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"removed " + filepath.ToSlash(filepath.Join(filepath.Dir(ledger), "home", "p", "b")), "replaced home/a"}, actions(dry)); diff != "" {
		t.Errorf("dry run of an update (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(ledger); string(b) != string(ledgerBefore) {
		t.Errorf("the dry run changed the ledger")
	}
}

// TestReconcileDamagedLedger: a ledger cut short, edited, or another file
// altogether is ErrInvalid, and nothing changes.
func TestReconcileDamagedLedger(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{"home/a": "x"})
	good, _ := os.ReadFile(ledger)
	for name, b := range map[string]string{
		"cut short":    string(good[:len(good)-5]),
		"edited":       strings.Replace(string(good), `"x"`, `"y"`, 1),
		"another file": "just some notes\n",
		"no end line":  strings.Split(string(good), "end ")[0],
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(ledger, []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, ".")
			_, err := symlink.Reconcile(context.Background(), ledger, map[string]string{"home/b": "x"})
			var se *symlink.Error
			if !errors.Is(err, symlink.ErrInvalid) || !errors.As(err, &se) || se.Op != "ledger" {
				t.Errorf("Reconcile with a ledger %s = %v; want ErrInvalid, Op \"ledger\"", name, err)
			}
			if diff := cmp.Diff(before, snapshot(t, ".")); diff != "" {
				t.Errorf("changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestReconcileWithinRoot: want's paths are in the root, and so are the
// ledger's; a ledger made for another root is ErrInvalid.
func TestReconcileWithinRoot(t *testing.T) {
	ledger := reconcileDir(t)
	root, err := os.OpenRoot("home")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res := reconcileOK(t, ledger, map[string]string{"a": "target", "p/b": "../target"}, symlink.WithinRoot(root), symlink.WithParents())
	if diff := cmp.Diff([]string{"created a", "created p/b"}, actions(res)); diff != "" {
		t.Errorf("Results (-want +got):\n%s", diff)
	}
	if c, err := os.Readlink(filepath.Join("home", "p", "b")); err != nil || c != "../target" {
		t.Errorf("home/p/b holds %q, %v", c, err)
	}
	res = reconcileOK(t, ledger, nil, symlink.WithinRoot(root))
	if diff := cmp.Diff([]string{"removed a", "removed p/b"}, actions(res)); diff != "" {
		t.Errorf("uninstall (-want +got):\n%s", diff)
	}
	if entries, _ := os.ReadDir("home"); len(entries) != 0 {
		t.Errorf("home holds %d entries after the uninstall", len(entries))
	}
	other, err := os.OpenRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := symlink.Reconcile(context.Background(), ledger, nil, symlink.WithinRoot(other)); !errors.Is(err, symlink.ErrInvalid) {
		t.Errorf("Reconcile with another root = %v; want ErrInvalid", err)
	}
}

// TestReconcileAtOnce runs Reconciles of one ledger at the same time: each
// either does its work or fails at once with ErrBusy, and in the end the
// tree and the ledger hold the description.
func TestReconcileAtOnce(t *testing.T) {
	ledger := reconcileDir(t)
	want := map[string]string{}
	for i := range 50 {
		want[filepath.Join("home", "l"+string(rune('a'+i%26))+string(rune('a'+i/26)))] = "target"
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := symlink.Reconcile(context.Background(), ledger, want)
			errs <- err
		}()
	}
	done := 0
	for range 8 {
		switch err := <-errs; {
		case err == nil:
			done++
		case !errors.Is(err, symlink.ErrBusy):
			t.Errorf("Reconcile at the same time as others = %v; want nil or ErrBusy", err)
		}
	}
	if done == 0 {
		t.Fatal("no Reconcile did its work")
	}
	res := reconcileOK(t, ledger, want)
	for _, r := range res {
		if r.Action != symlink.Unchanged {
			t.Errorf("after the Reconciles at once, %s is %v; want unchanged", r.Dst, r.Action)
		}
	}
	if got := recorded(t, ledger); len(got) != len(want) {
		t.Errorf("the ledger records %d links, want %d", len(got), len(want))
	}
}

// TestReconcileBackup: with WithBackup another program's file in the way is
// kept at the backup name, and the link made; the backup is not recorded,
// so no later run removes it.
func TestReconcileBackup(t *testing.T) {
	ledger := reconcileDir(t)
	writeFile(t, filepath.Join("home", "rc"), "theirs")
	res := reconcileOK(t, ledger, map[string]string{"home/rc": "x"}, symlink.WithBackup(".orig"))
	if len(res) != 1 || res[0].Action != symlink.Replaced || filepath.ToSlash(res[0].Backup) != "home/rc.orig" {
		t.Fatalf("Results = %+v; want home/rc replaced, backed up at home/rc.orig", res)
	}
	reconcileOK(t, ledger, nil)
	want := map[string]entry{".": {Type: "dir"}, "home": {Type: "dir"}, "home/rc.orig": {Type: "file", Content: "theirs"}}
	got := snapshot(t, ".")
	delete(got, "ledger")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after the uninstall (-want +got):\n%s", diff)
	}
}

// TestReconcileWithSync: the options of Create that Read and Remove do not
// take (WithSync here) still let a run replace and remove its own links.
func TestReconcileWithSync(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{"home/a": "x", "home/b": "x"}, symlink.WithSync())
	res := reconcileOK(t, ledger, map[string]string{"home/a": "y"}, symlink.WithSync())
	abs, _ := filepath.Abs(filepath.Join("home", "b"))
	if diff := cmp.Diff([]string{"removed " + filepath.ToSlash(abs), "replaced home/a"}, actions(res)); diff != "" {
		t.Errorf("update with WithSync (-want +got):\n%s", diff)
	}
}

// TestReconcileRefusesItsOwnFiles: a path of want that is the ledger, its
// journal or the file its new text is written to, by its path or through a
// link to its directory, is ErrInvalid, and nothing changes: no link, and
// the ledger as it was.
func TestReconcileRefusesItsOwnFiles(t *testing.T) {
	ledger := reconcileDir(t)
	dir := filepath.Dir(ledger)
	if err := os.Symlink(dir, "alias"); err != nil {
		t.Fatal(err)
	}
	reconcileOK(t, ledger, map[string]string{"home/a": "t"})
	for _, path := range []string{"ledger", "ledger.journal", "ledger.new", filepath.Join("alias", "ledger"), filepath.Join(dir, "alias", "ledger.new")} {
		for _, opts := range [][]symlink.Option{nil, {symlink.WithReplace()}} {
			before := snapshot(t, dir)
			_, err := symlink.Reconcile(context.Background(), ledger, map[string]string{"home/a": "t", path: "t"}, opts...)
			wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
			if err != nil && !strings.Contains(err.Error(), "ledger") {
				t.Errorf("Reconcile with %s in want = %v, want an error that names the ledger", path, err)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Reconcile with %s in want changed the tree (-before +after):\n%s", path, diff)
			}
		}
	}
	// In a root, a path of want is in the root.
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	before := snapshot(t, dir)
	for _, p := range []string{"in-root.journal", filepath.Join(dir, "in-root.journal"), filepath.Join(dir, "alias", "in-root.new")} {
		_, err = symlink.Reconcile(context.Background(), filepath.Join(dir, "in-root"), map[string]string{p: "t"}, symlink.WithinRoot(root))
		wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Reconcile in a root with the ledger's journal in want changed the tree (-before +after):\n%s", diff)
	}
}

// TestReconcileLedgerThroughALink: a ledger path that is a link to the
// ledger's file (kept in a dotfiles repository, say) reads, locks and
// replaces that file; the link stays a link.
func TestReconcileLedgerThroughALink(t *testing.T) {
	ledger := reconcileDir(t)
	dir := filepath.Dir(ledger)
	if err := os.Mkdir("repo", 0o777); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(dir, "repo", "ledger")
	reconcileOK(t, real, map[string]string{"home/a": "t"})
	if err := os.Symlink(filepath.Join("repo", "ledger"), ledger); err != nil {
		t.Fatal(err)
	}
	res := reconcileOK(t, ledger, map[string]string{"home/b": "t"})
	if diff := cmp.Diff([]string{"removed " + filepath.ToSlash(filepath.Join(dir, "home", "a")), "created home/b"}, actions(res)); diff != "" {
		t.Errorf("Reconcile through a link to the ledger (-want +got):\n%s", diff)
	}
	if c, err := os.Readlink(ledger); err != nil || c != filepath.Join("repo", "ledger") {
		t.Errorf("the ledger's link now: %q, %v; want it kept", c, err)
	}
	if diff := cmp.Diff([]string{`link "home/b" "t"`}, recorded(t, ledger)); diff != "" {
		t.Errorf("the ledger's file (-want +got):\n%s", diff)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "ledger.") {
			t.Errorf("%s left beside the ledger's link", e.Name())
		}
	}
	// The link itself is the ledger's too: no path of want may name it.
	before0 := snapshot(t, dir)
	_, err := symlink.Reconcile(context.Background(), ledger, map[string]string{"home/b": "t", "ledger": "elsewhere"}, symlink.WithReplace())
	wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
	if diff := cmp.Diff(before0, snapshot(t, dir)); diff != "" {
		t.Errorf("Reconcile with the ledger's link in want changed the tree (-before +after):\n%s", diff)
	}
	// A link to nothing is no ledger: an error, and nothing is made.
	if err := os.Remove(real); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = symlink.Reconcile(context.Background(), ledger, map[string]string{"home/c": "t"})
	wantIs(t, err, "ledger", "ErrNotExist", "fs.ErrNotExist")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Reconcile through a dangling link to the ledger changed the tree (-before +after):\n%s", diff)
	}
}

// TestReconcileLedgerThatCannotBeSaved: a run whose links are made but
// whose ledger cannot be replaced fails, and keeps its journal, so that
// the next run records the links it made rather than finding them in the
// way.
func TestReconcileLedgerThatCannotBeSaved(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{"home/a": "t"})
	// A directory with something in it at the ledger's .new name: the new
	// text cannot be written.
	if err := os.MkdirAll(filepath.Join(ledger+".new", "x"), 0o777); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"home/a": "t", "home/b": "t"}
	_, err := symlink.Reconcile(context.Background(), ledger, want)
	wantIs(t, err, "ledger", "ErrExist", "fs.ErrExist")
	if c, err := os.Readlink(filepath.Join("home", "b")); err != nil || c != "t" {
		t.Fatalf("home/b after the failed save: %q, %v; want the link made", c, err)
	}
	if _, err := os.Lstat(ledger + ".journal"); err != nil {
		t.Errorf("the journal after the failed save: %v; want it kept for the next run", err)
	}
	if err := os.RemoveAll(ledger + ".new"); err != nil {
		t.Fatal(err)
	}
	res := reconcileOK(t, ledger, want)
	if diff := cmp.Diff([]string{"unchanged home/a", "unchanged home/b"}, actions(res)); diff != "" {
		t.Errorf("the next run (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`link "home/a" "t"`, `link "home/b" "t"`}, recorded(t, ledger)); diff != "" {
		t.Errorf("the ledger after the next run (-want +got):\n%s", diff)
	}
	if _, err := os.Lstat(ledger + ".journal"); err == nil {
		t.Errorf("the journal is still there after the next run")
	}
}

// TestReconcileLeavesWhatReplacedItsParents: a parent Reconcile made that
// was replaced since by a link (to a directory elsewhere) or by a file is
// no longer its own: an uninstall leaves it as it is, forgets it, and
// keeps the parents above it that now hold it; in a root too.
func TestReconcileLeavesWhatReplacedItsParents(t *testing.T) {
	ledger := reconcileDir(t)
	dir := filepath.Dir(ledger)
	if err := os.Mkdir("elsewhere", 0o777); err != nil {
		t.Fatal(err)
	}
	for _, rooted := range []bool{false, true} {
		var opts []symlink.Option
		l := ledger
		if rooted {
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			opts, l = []symlink.Option{symlink.WithinRoot(root)}, ledger+"-rooted"
		}
		want := map[string]string{
			filepath.Join("home", "p", "link", "l"): "t",
			filepath.Join("home", "p", "file", "l"): "t",
		}
		reconcileOK(t, l, want, append(opts, symlink.WithParents())...)
		for p := range want {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range []string{"link", "file"} {
			if err := os.Remove(filepath.Join("home", "p", d)); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink(filepath.Join("..", "..", "elsewhere"), filepath.Join("home", "p", "link")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join("home", "p", "file"), "a user's file")
		before := snapshot(t, dir)
		reconcileOK(t, l, nil, opts...)
		after := snapshot(t, dir)
		delete(before, filepath.Base(l)) // the ledger itself changes
		delete(after, filepath.Base(l))
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("rooted %v: the uninstall changed what replaced its parents (-before +after):\n%s", rooted, diff)
		}
		want2 := []string{`dir "home/p"`} // home was there before
		if diff := cmp.Diff(want2, recorded(t, l)); diff != "" {
			t.Errorf("rooted %v: the ledger after the uninstall (-want +got):\n%s", rooted, diff)
		}
		for _, p := range []string{filepath.Join("home", "p", "link"), filepath.Join("home", "p", "file")} {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
		reconcileOK(t, l, nil, opts...)
		if _, err := os.Lstat(filepath.Join("home", "p")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("rooted %v: home/p after the last uninstall: %v; want it removed, empty and made by Reconcile", rooted, err)
		}
	}
}

// TestReconcileOneLinkByTwoPaths: the ledger records a link by the path a
// run gave; a later run that names the same link by another path (through
// a link to its directory, absolute in the root where it was relative) is
// still about that link: it is not removed as no longer wanted, it stays
// Reconcile's own (replaced without WithReplace, removed once unwanted),
// and the ledger records it by the new path.
func TestReconcileOneLinkByTwoPaths(t *testing.T) {
	ledger := reconcileDir(t)
	dir := filepath.Dir(ledger)
	if err := os.Symlink("home", "alias"); err != nil {
		t.Fatal(err)
	}
	home, alias := filepath.Join("home", ".bashrc"), filepath.Join("alias", ".bashrc")
	reconcileOK(t, ledger, map[string]string{home: "v1"})
	res := reconcileOK(t, ledger, map[string]string{alias: "v1"})
	if diff := cmp.Diff([]string{"unchanged " + filepath.ToSlash(filepath.Join(dir, home)), "unchanged alias/.bashrc"}, actions(res)); diff != "" {
		t.Errorf("the same link by another path (-want +got):\n%s", diff)
	}
	if c, err := os.Readlink(home); err != nil || c != "v1" {
		t.Fatalf("the link after a run that names it by another path: %q, %v; want it kept", c, err)
	}
	if diff := cmp.Diff([]string{`link "alias/.bashrc" "v1"`}, recorded(t, ledger)); diff != "" {
		t.Errorf("the ledger (-want +got):\n%s", diff)
	}
	reconcileOK(t, ledger, map[string]string{home: "v2"}) // its own: no WithReplace needed
	reconcileOK(t, ledger, nil)
	if _, err := os.Lstat(home); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the link after an uninstall: %v; want it removed", err)
	}

	// In a root: "a", then the same link by its absolute path.
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	rooted := ledger + "-rooted"
	reconcileOK(t, rooted, map[string]string{"a": "x"}, symlink.WithinRoot(root))
	reconcileOK(t, rooted, map[string]string{filepath.Join(dir, "a"): "x"}, symlink.WithinRoot(root))
	if c, err := os.Readlink("a"); err != nil || c != "x" {
		t.Errorf("the link after a run that names it by its absolute path in the root: %q, %v; want it kept", c, err)
	}
	if diff := cmp.Diff([]string{`link "a" "x"`}, recorded(t, rooted)); diff != "" {
		t.Errorf("the rooted ledger (-want +got):\n%s", diff)
	}
}

// TestReconcileOwnsOnlyWhatItMakes: a link that already holds its content
// when a run first wants it (a user's own, or one Reconcile disowned) is
// Unchanged and not recorded: an uninstall leaves it, and a run that
// changes nothing writes nothing, the ledger included.
func TestReconcileOwnsOnlyWhatItMakes(t *testing.T) {
	ledger := reconcileDir(t)
	a := filepath.Join("home", "a")
	if err := os.Symlink("users", a); err != nil {
		t.Fatal(err)
	}
	res := reconcileOK(t, ledger, map[string]string{a: "users"})
	if diff := cmp.Diff([]string{"unchanged home/a"}, actions(res)); diff != "" {
		t.Errorf("a user's link (-want +got):\n%s", diff)
	}
	if _, err := os.Lstat(ledger); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the ledger after a run that made nothing: %v; want none", err)
	}
	reconcileOK(t, ledger, nil)
	if c, err := os.Readlink(a); err != nil || c != "users" {
		t.Errorf("the user's link after an uninstall: %q, %v; want it kept", c, err)
	}
	// Disowned, then wanted as the user made it: still the user's.
	b := filepath.Join("home", "b")
	reconcileOK(t, ledger, map[string]string{b: "mine"})
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("users", b); err != nil {
		t.Fatal(err)
	}
	reconcileOK(t, ledger, nil) // disowned
	reconcileOK(t, ledger, map[string]string{b: "users"})
	reconcileOK(t, ledger, nil)
	if c, err := os.Readlink(b); err != nil || c != "users" {
		t.Errorf("a disowned link after it was wanted as it is, then not: %q, %v; want it kept", c, err)
	}
}

// TestReconcileAcrossLinksItRemoves: a wanted link under a link of the
// ledger that the run removes (a link to a directory, now a path in want)
// would be made through it: a conflict, found by the dry run as by the
// real run, and nothing changes, with or without WithParents, whether the
// link under it is new or one the ledger records through the old link; the
// old link goes in a run of its own, then the new ones are made. A link no
// longer wanted at a wanted link's backup name is replaced by the backup:
// Removed, and the backup is kept.
func TestReconcileAcrossLinksItRemoves(t *testing.T) {
	ledger := reconcileDir(t)
	dir := filepath.Dir(ledger)
	if err := os.Mkdir("target", 0o777); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join("home", "a")
	ab, ax := filepath.Join(a, "b"), filepath.Join(a, "x")
	reconcileOK(t, ledger, map[string]string{a: filepath.Join("..", "target"), filepath.Join("target", "x"): "t"})
	for _, want := range []map[string]string{{ab: "t"}, {ax: "t"}} {
		for _, opts := range [][]symlink.Option{nil, {symlink.WithParents()}, {symlink.WithParents(), symlink.WithDryRun()}} {
			before := snapshot(t, dir)
			_, err := symlink.Reconcile(context.Background(), ledger, want, opts...)
			wantIs(t, err, "symlink", "ErrExist", "fs.ErrExist")
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Reconcile(%v), %d options, changed the tree (-before +after):\n%s", want, len(opts), diff)
			}
		}
	}
	reconcileOK(t, ledger, nil)
	res := reconcileOK(t, ledger, map[string]string{ab: "t"}, symlink.WithParents())
	if diff := cmp.Diff([]string{"created home/a/b"}, actions(res)); diff != "" {
		t.Errorf("once the old link is gone (-want +got):\n%s", diff)
	}
	if fi, err := os.Lstat(a); err != nil || !fi.IsDir() {
		t.Errorf("home/a: %v, %v; want a directory", fi, err)
	}
	if entries, _ := os.ReadDir("target"); len(entries) != 0 {
		t.Errorf("target holds %v: a link was made through the old link", entries)
	}

	// x~ is Reconcile's, no longer wanted; x is the user's file, replaced
	// with a backup at x~.
	x := filepath.Join("home", "x")
	reconcileOK(t, ledger, map[string]string{x + "~": "old"})
	writeFile(t, x, "precious")
	want := map[string]string{x: "new"}
	dry, err := symlink.Reconcile(context.Background(), ledger, want, symlink.WithBackup("~"), symlink.WithDryRun())
	if err != nil {
		t.Fatal(err)
	}
	res = reconcileOK(t, ledger, want, symlink.WithBackup("~"))
	if diff := cmp.Diff([]string{"removed " + filepath.ToSlash(filepath.Join(dir, x+"~")), "replaced home/x"}, actions(res)); diff != "" {
		t.Errorf("backup over a link no longer wanted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(actions(dry), actions(res)); diff != "" {
		t.Errorf("the dry run and the real run (-dry +real):\n%s", diff)
	}
	if b, err := os.ReadFile(x + "~"); err != nil || string(b) != "precious" {
		t.Errorf("x~ after the run: %q, %v; want the user's file", b, err)
	}
	// The same when the user's x is a link holding what the ledger says x~
	// held: the backup is the user's, and stays.
	y := filepath.Join("home", "y")
	reconcileOK(t, ledger, map[string]string{y + "~": "same"})
	if err := os.Symlink("same", y); err != nil {
		t.Fatal(err)
	}
	reconcileOK(t, ledger, map[string]string{y: "new"}, symlink.WithBackup("~"))
	if c, err := os.Readlink(y + "~"); err != nil || c != "same" {
		t.Errorf("y~ after the run: %q, %v; want the user's link, backed up", c, err)
	}
}

// TestReconcileDamagedLedgerRecoversNothing: with a ledger that is damaged,
// an interrupted run's journal is not recovered either: nothing changes.
func TestReconcileDamagedLedgerRecoversNothing(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{filepath.Join("home", "a"): "t"})
	journal := sealed("symlink-journal 1\nid abc\nlink 0 create src \"t\" dst " + strconv.Quote(filepath.Join(filepath.Dir(ledger), "home", "b")) + " content \"t\" root \"\" junction 0\n")
	writeFile(t, ledger+".journal", journal)
	if err := os.Symlink("t", filepath.Join("home", "b")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, ledger, string(b[:len(b)-4])) // cut short
	before := snapshot(t, filepath.Dir(ledger))
	_, err = symlink.Reconcile(context.Background(), ledger, nil)
	wantIs(t, err, "ledger", "ErrInvalid", "fs.ErrInvalid")
	if diff := cmp.Diff(before, snapshot(t, filepath.Dir(ledger))); diff != "" {
		t.Errorf("a run with a damaged ledger changed the tree (-before +after):\n%s", diff)
	}
}

// TestReconcileInARootWritesNothingForNothing: in a root too, a run that
// wants nothing and has no ledger makes none.
func TestReconcileInARootWritesNothingForNothing(t *testing.T) {
	ledger := reconcileDir(t)
	root, err := os.OpenRoot(filepath.Dir(ledger))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	reconcileOK(t, ledger, nil, symlink.WithinRoot(root))
	if _, err := os.Lstat(ledger); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the ledger after a run in a root that wants nothing: %v; want none", err)
	}
}

// TestReconcileParentBehindANewLink: a parent Reconcile made, whose own
// parent was replaced since by a link to another directory, is not looked
// for there: the empty directory of the same name that the new path
// reaches is not Reconcile's, and stays.
func TestReconcileParentBehindANewLink(t *testing.T) {
	ledger := reconcileDir(t)
	if err := os.MkdirAll(filepath.Join("elsewhere", "app"), 0o777); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join("home", "cfg")
	if err := os.Mkdir(cfg, 0o777); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(cfg, "app", "x")
	reconcileOK(t, ledger, map[string]string{x: "t"}, symlink.WithParents())
	if err := os.Rename(cfg, filepath.Join("home", "cfg-moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "elsewhere"), cfg); err != nil {
		t.Fatal(err)
	}
	reconcileOK(t, ledger, nil)
	if fi, err := os.Lstat(filepath.Join("elsewhere", "app")); err != nil || !fi.IsDir() {
		t.Errorf("elsewhere/app after the uninstall: %v; want it kept, it is not Reconcile's", err)
	}
	if diff := cmp.Diff([]string(nil), recorded(t, ledger)); diff != "" {
		t.Errorf("the ledger after the uninstall (-want +got):\n%s", diff)
	}
}

// TestReconcileNilRoot: WithinRoot(nil) is ErrInvalid, with any want and
// any ledger, and nothing is made.
func TestReconcileNilRoot(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{filepath.Join("home", "a"): "t"})
	before := snapshot(t, filepath.Dir(ledger))
	for _, want := range []map[string]string{{"x": "t"}, {filepath.Join(filepath.Dir(ledger), "x"): "t"}, nil} {
		_, err := symlink.Reconcile(context.Background(), ledger, want, symlink.WithinRoot(nil))
		wantIs(t, err, "ledger", "ErrInvalid", "fs.ErrInvalid")
	}
	if diff := cmp.Diff(before, snapshot(t, filepath.Dir(ledger))); diff != "" {
		t.Errorf("the tree changed (-before +after):\n%s", diff)
	}
}

// TestReconcileChangedLinkWantedAsItIs: a link Reconcile made that a user
// changed since, then wanted as the user made it, is Unchanged and the
// user's: no longer recorded, and never removed.
func TestReconcileChangedLinkWantedAsItIs(t *testing.T) {
	ledger := reconcileDir(t)
	x := filepath.Join("home", "x")
	reconcileOK(t, ledger, map[string]string{x: "A"})
	if err := os.Remove(x); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("B", x); err != nil {
		t.Fatal(err)
	}
	reconcileOK(t, ledger, map[string]string{x: "B"})
	reconcileOK(t, ledger, nil)
	if c, err := os.Readlink(x); err != nil || c != "B" {
		t.Errorf("the user's link after an uninstall: %q, %v; want it kept", c, err)
	}
}

// TestReconcileThroughLinksOfOthers: the links a run removes are found on
// a wanted path's way through another program's links too (a link to the
// one removed), and a link no longer wanted is removed before one it leads
// to, so that both go; a link no longer wanted that is gone already is in
// nobody's way.
func TestReconcileThroughLinksOfOthers(t *testing.T) {
	ledger := reconcileDir(t)
	for _, d := range []string{"real", "real2"} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	g := filepath.Join("home", "g")
	reconcileOK(t, ledger, map[string]string{g: filepath.Join("..", "real")})
	other := filepath.Join("home", "other")
	if err := os.Symlink("g", other); err != nil { // a user's link to Reconcile's
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Dir(ledger))
	for _, opts := range [][]symlink.Option{nil, {symlink.WithDryRun()}} {
		_, err := symlink.Reconcile(context.Background(), ledger, map[string]string{filepath.Join(other, "x"): "t"}, opts...)
		wantIs(t, err, "symlink", "ErrExist", "fs.ErrExist")
	}
	if diff := cmp.Diff(before, snapshot(t, filepath.Dir(ledger))); diff != "" {
		t.Errorf("the refused run changed the tree (-before +after):\n%s", diff)
	}

	// Both wanted, then neither: other/x (made through g) goes before g.
	reconcileOK(t, ledger, map[string]string{g: filepath.Join("..", "real"), filepath.Join(other, "x"): "t"})
	reconcileOK(t, ledger, nil)
	if entries, _ := os.ReadDir("real"); len(entries) != 0 {
		t.Errorf("real holds %v after the uninstall: a link Reconcile made was left", entries)
	}

	// A link of the ledger gone already is in nobody's way.
	g2 := filepath.Join("home", "g2")
	reconcileOK(t, ledger, map[string]string{g2: filepath.Join("..", "real2")})
	if err := os.Remove(g2); err != nil {
		t.Fatal(err)
	}
	reconcileOK(t, ledger, map[string]string{filepath.Join(g2, "x"): "t"}, symlink.WithParents())
}

// TestReconcileBackupOverADisownedLink: a backup would replace a link
// Reconcile disowns (changed since it was made), which Disowned promises to
// leave as it is: a conflict, and nothing changes.
func TestReconcileBackupOverADisownedLink(t *testing.T) {
	ledger := reconcileDir(t)
	a := filepath.Join("home", "a")
	reconcileOK(t, ledger, map[string]string{a + "~": "A"})
	if err := os.Remove(a + "~"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("USER", a+"~"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, a, "file")
	before := snapshot(t, filepath.Dir(ledger))
	_, err := symlink.Reconcile(context.Background(), ledger, map[string]string{a: "new"}, symlink.WithBackup(""))
	wantIs(t, err, "backup", "ErrExist", "fs.ErrExist")
	if diff := cmp.Diff(before, snapshot(t, filepath.Dir(ledger))); diff != "" {
		t.Errorf("the refused run changed the tree (-before +after):\n%s", diff)
	}
}
