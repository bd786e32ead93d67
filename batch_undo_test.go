package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// The tests in this file change a name while Apply runs, as another program
// would. The Batch makes the links of one directory before those of the
// next (SetLimit(1)), and a directory of many new links after the one under
// test gives the other program the time to act before Apply ends; then
// Apply is cancelled and undoes.

// interrupted runs Apply on b. Each time through its loop, the other
// program's act is given the chance to change something; once it says it is
// done, Apply is cancelled. The test is skipped when Apply ends first.
func interrupted(t *testing.T, b *symlink.Batch, act func() (done bool)) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acted := make(chan bool)
	go func() {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			if act() {
				cancel()
				acted <- true
				return
			}
		}
		acted <- false
	}()
	_, err := b.Apply(ctx)
	if !<-acted || err == nil {
		t.Skip("Apply finished before the other program acted")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply = %v, want context.Canceled", err)
	}
	return err
}

// undoBatch makes the directory x (where the test's link goes) and a Batch
// that works one directory at a time: first a few new links in a/, so that
// the other program can see Apply has begun, then the test's, added by the
// caller, then many new links in z/ (addSlow).
func undoBatch(t *testing.T) (dir string, b *symlink.Batch) {
	t.Helper()
	dir = t.TempDir()
	linksOrSkip(t, dir)
	for _, d := range []string{"a", "x", "z"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	b = new(symlink.Batch)
	b.SetLimit(1)
	for i := range 100 {
		b.Add("new", filepath.Join(dir, "a", fmt.Sprintf("l%04d", i)))
	}
	return dir, b
}

// addSlow adds the links in z/ that keep Apply busy after x's.
func addSlow(b *symlink.Batch, dir string) {
	for i := range 3000 {
		b.Add("new", filepath.Join(dir, "z", fmt.Sprintf("l%04d", i)))
	}
}

// holds reports whether the link at p holds content.
func holds(p, content string) bool {
	c, err := os.Readlink(p)
	return err == nil && c == content
}

// undoErrors are the errors with Op "undo" joined in err.
func undoErrors(err error) []*symlink.Error {
	var undo []*symlink.Error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if se := (*symlink.Error)(nil); errors.As(e, &se) && se.Op == "undo" {
			undo = append(undo, se)
		}
	}
	return undo
}

// hiddenAt are the names an undo error says it kept.
var hiddenAt = regexp.MustCompile(`kept at "([^"]+)"(?: and "([^"]+)")?`)

// tempNames are the names under dir that Create's temporary names start with.
func tempNames(t *testing.T, dir string) []string {
	var names []string
	for p := range snapshot(t, dir) {
		if strings.HasPrefix(filepath.Base(p), ".symlink-") {
			names = append(names, p)
		}
	}
	return names
}

// TestBatchUndoPutsBackAFileThatCameAfterThePlan: Plan finds x/dst
// missing, and another program writes a file there before Apply replaces
// it. The undo puts that file back (and, with WithBackup, the backup name as
// it was): Apply keeps what it replaces, whatever Plan saw.
func TestBatchUndoPutsBackAFileThatCameAfterThePlan(t *testing.T) {
	for name, opt := range map[string]symlink.Option{"WithReplace": symlink.WithReplace(), "WithBackup": symlink.WithBackup("")} {
		t.Run(name, func(t *testing.T) {
			dir, b := undoBatch(t)
			x := filepath.Join(dir, "x", "dst")
			writeFile(t, x+"~", "an older backup")
			b.Add("new", x, opt)
			addSlow(b, dir)
			before := snapshot(t, dir)
			wrote, late := false, false
			err := interrupted(t, b, func() bool {
				if !wrote {
					if !holds(filepath.Join(dir, "a", "l0000"), "new") {
						return false // Apply has not begun to make links
					}
					// Planned, and x/dst was missing then. Apply may have
					// made it already: then this is too late (O_EXCL
					// neither follows nor replaces the link).
					f, err := os.OpenFile(x, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
					if err != nil {
						late = true
						return true
					}
					f.WriteString("their data")
					f.Close()
					wrote = true
				}
				return holds(x, "new")
			})
			if late {
				t.Skip("Apply made x/dst before the other program could")
			}
			if u := undoErrors(err); len(u) != 0 {
				t.Errorf("undo errors %v; want none", u)
			}
			before["x/dst"] = entry{Type: "file", Content: "their data"}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("after the undo (-want +got):\n%s", shorten(diff))
			}
		})
	}
}

// TestBatchUndoLeavesWhatAnotherProgramChanged: after Apply replaced the
// file at x/dst, another program puts its own file there; the undo must not
// put the old file over it. It reports x/dst with Op "undo", and keeps the
// old file at a hidden name that the error gives.
func TestBatchUndoLeavesWhatAnotherProgramChanged(t *testing.T) {
	replacedThenChanged(t, "original", func(x string) {
		tmp := filepath.Join(filepath.Dir(x), "theirs")
		writeFile(t, tmp, "their newer data")
		if err := os.Rename(tmp, x); err != nil {
			t.Error(err)
		}
	}, entry{Type: "file", Content: "their newer data"})
}

// TestBatchUndoThatFailsKeepsTheOldFile: after Apply replaced the file at
// x/dst, another program puts a directory there; the undo cannot put the
// file back, and must not remove the only copy left of it.
func TestBatchUndoThatFailsKeepsTheOldFile(t *testing.T) {
	replacedThenChanged(t, "the only copy", func(x string) {
		if err := os.Remove(x); err != nil {
			t.Error(err)
		}
		if err := os.Mkdir(x, 0o777); err != nil {
			t.Error(err)
		}
	}, entry{Type: "dir"})
}

// replacedThenChanged has a Batch replace the file x/dst, holding old, with
// a link, and change it as another program would (change) before Apply is
// cancelled; then it checks the outcome with checkKept.
func replacedThenChanged(t *testing.T, old string, change func(x string), want entry) {
	t.Helper()
	dir, b := undoBatch(t)
	x := filepath.Join(dir, "x", "dst")
	writeFile(t, x, old)
	b.Add("new", x, symlink.WithReplace())
	addSlow(b, dir)
	err := interrupted(t, b, func() bool {
		if !holds(x, "new") {
			return false
		}
		change(x)
		return true
	})
	checkKept(t, err, x, want, old)
}

// checkKept checks the outcome of an undo that found x changed by another
// program: one Op "undo" error, for x; x as the other program left it
// (want); and the file x was before Apply, with content old, kept at the
// hidden name the error gives, the only name left under x's directory that
// Create made.
func checkKept(t *testing.T, err error, x string, want entry, old string) {
	t.Helper()
	undo := undoErrors(err)
	if len(undo) != 1 || undo[0].Dst != x {
		t.Fatalf("undo errors %v; want one, for %s", undo, x)
	}
	if got := snapshot(t, filepath.Dir(x))[filepath.Base(x)]; got != want {
		t.Errorf("%s is %+v after the undo; want %+v, as the other program left it", x, got, want)
	}
	m := hiddenAt.FindStringSubmatch(undo[0].Error())
	if m == nil {
		t.Fatalf("the undo error %q does not say where the old file is kept", undo[0])
	}
	if b, rerr := os.ReadFile(m[1]); rerr != nil || string(b) != old {
		t.Errorf("%s holds %q (%v); want the old file, %q", m[1], b, rerr, old)
	}
	if names := tempNames(t, filepath.Dir(x)); len(names) != 1 || names[0] != filepath.Base(m[1]) {
		t.Errorf("temporary names left: %q; want only the kept one, %s", names, m[1])
	}
}

// TestBatchRefusesBackupNamesThatMeet: two Adds whose backup names are one
// name ("a" with suffix "b.x" and "ab" with ".x") would each put their old
// dst there, and one would be lost. Plan refuses both.
func TestBatchRefusesBackupNamesThatMeet(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	writeFile(t, filepath.Join(dir, "a"), "A")
	writeFile(t, filepath.Join(dir, "ab"), "AB")
	before := snapshot(t, dir)
	var b symlink.Batch
	b.Add("n1", filepath.Join(dir, "a"), symlink.WithBackup("b.x"))
	b.Add("n2", filepath.Join(dir, "ab"), symlink.WithBackup(".x"))
	b.Add("n3", filepath.Join(dir, "c"), symlink.WithBackup(".x"))
	res, err := b.Apply(context.Background())
	if res != nil || err == nil {
		t.Fatalf("Apply = %v, %v; want the plan refused", res, err)
	}
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	if len(errs) != 2 {
		t.Fatalf("Apply = %v; want two errors, for a and ab", err)
	}
	for _, e := range errs {
		if !errors.Is(e, symlink.ErrInvalid) || !strings.Contains(e.Error(), "backup name") {
			t.Errorf("error %v; want ErrInvalid, about the backup name", e)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("the tree changed (-before +after):\n%s", diff)
	}
}

// TestBatchRefusesOneNameThroughTwoPaths: "alias" is a link to "d", so
// d/f and alias/f are one name, though not as text. Plan refuses both Adds
// (the undo of the two could not put d/f back), and so it does for a dst
// and a backup name, or two backup names, that meet that way.
func TestBatchRefusesOneNameThroughTwoPaths(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, "d", filepath.Join(dir, "alias"))
	writeFile(t, filepath.Join(dir, "d", "f"), "original")
	d, alias := filepath.Join(dir, "d"), filepath.Join(dir, "alias")
	for _, tc := range []struct {
		name  string
		add   func(b *symlink.Batch)
		fails []bool // per Add
	}{
		{"the same dst", func(b *symlink.Batch) {
			b.Add("one", filepath.Join(d, "f"), symlink.WithReplace())
			b.Add("two", filepath.Join(alias, "f"), symlink.WithReplace())
			b.Add("three", filepath.Join(alias, "g"))
		}, []bool{true, true, false}},
		{"a dst at a backup name", func(b *symlink.Batch) {
			b.Add("one", filepath.Join(d, "f"), symlink.WithBackup(".old"))
			b.Add("two", filepath.Join(alias, "f.old"))
		}, []bool{false, true}},
		{"two backup names", func(b *symlink.Batch) {
			b.Add("one", filepath.Join(d, "f"), symlink.WithBackup("x.old"))
			b.Add("two", filepath.Join(alias, "fx"), symlink.WithBackup(".old"))
		}, []bool{true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, dir)
			var b symlink.Batch
			tc.add(&b)
			res, err := b.Plan()
			var fails []bool
			for _, r := range res {
				fails = append(fails, r.Action == 0)
			}
			if diff := cmp.Diff(tc.fails, fails); diff != "" {
				t.Errorf("which Adds Plan refuses (-want +got):\n%s\n%v", diff, err)
			}
			if err != nil && !errors.Is(err, symlink.ErrInvalid) {
				t.Errorf("Plan = %v; want ErrInvalid", err)
			}
			if _, err := b.Apply(context.Background()); err == nil {
				t.Error("Apply = nil; want the plan's refusal")
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the tree changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestFailedBatchReplaceLeavesNoHiddenName: a Batch keeps a hidden hard link
// of each file it replaces, for its undo; when a link then fails (the
// second content is too long for any file system; where links are not
// supported at all, as under Wine, the first already fails), the undo
// leaves the tree as it was, with no hidden name.
func TestFailedBatchReplaceLeavesNoHiddenName(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "f"), "file")
	writeFile(t, filepath.Join(dir, "g"), "backed up")
	var b symlink.Batch
	b.Add("target", filepath.Join(dir, "f"), symlink.WithReplace())
	b.Add(strings.Repeat("x/", 20000), filepath.Join(dir, "g"), symlink.WithBackup("~"))
	before := snapshot(t, dir)
	if _, err := b.Apply(context.Background()); err == nil {
		t.Fatal("Apply of a content too long succeeded")
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("a failed Batch replace left the tree changed (-before +after):\n%s", diff)
	}
}

// TestFailedLinkHasNoUndoError: a link that fails takes back what its own
// call did (the parents it made included); the undo then has nothing of
// it to report: the error holds the link's failure alone, in a root too.
func TestFailedLinkHasNoUndoError(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	long := strings.Repeat("n", 300)
	for _, rooted := range []bool{false, true} {
		opts := []symlink.Option{symlink.WithParents()}
		dst := filepath.Join(dir, "p", long)
		if rooted {
			opts, dst = append(opts, symlink.WithinRoot(root)), filepath.Join("p", long)
		}
		var b symlink.Batch
		b.Add("t", dst, opts...)
		before := snapshot(t, dir)
		_, err := b.Apply(context.Background())
		for _, e := range errs(err) {
			var se *symlink.Error
			if errors.As(e, &se) && se.Op == "undo" {
				t.Errorf("rooted %v: Apply = %v; want no undo error for a link never made", rooted, err)
			}
		}
		if !errors.Is(err, symlink.ErrInvalid) {
			t.Errorf("rooted %v: Apply = %v; want the name too long, ErrInvalid", rooted, err)
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("rooted %v: the failed Apply changed the tree (-before +after):\n%s", rooted, diff)
		}
	}
}

// TestUndoWhenOnlyTheBackupNameChanged: another program changes only the
// backup name of a link while Apply works in another directory; a later
// link fails. The undo puts dst back all the same, leaves the backup name
// as the other program made it, and reports it, naming where what it held
// before is kept.
func TestUndoWhenOnlyTheBackupNameChanged(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	a, other := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, other} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	f, backup := filepath.Join(a, "f"), filepath.Join(a, "f~")
	writeFile(t, f, "original f")
	writeFile(t, backup, "original backup")
	var b symlink.Batch
	b.SetLimit(1) // a, then b: the other program works while Apply is in b
	b.Add("new", f, symlink.WithBackup("~"))
	b.Add("new", filepath.Join(a, "c"))
	for i := range 20000 {
		b.Add("new", filepath.Join(other, "l"+strconv.Itoa(i)))
	}
	// The last link fails: the other program makes a directory at its
	// name, which Plan found free.
	last := filepath.Join(other, "last")
	b.Add("x", last)
	changed := make(chan bool, 1)
	go func() {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if fi, err := os.Lstat(filepath.Join(a, "c")); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				writeFile(t, backup+".tmp", "their backup")
				changed <- os.Rename(backup+".tmp", backup) == nil && os.Mkdir(last, 0o777) == nil
				return
			}
			time.Sleep(20 * time.Microsecond)
		}
		changed <- false
	}()
	_, err := b.Apply(context.Background())
	if !<-changed {
		t.Fatal("the other program did not get to change the backup name")
	}
	if err == nil {
		t.Skip("Apply made its last link before the other program made a directory there (a machine too busy for this race): no undo to look at")
	}
	if got, rerr := os.ReadFile(f); rerr != nil || string(got) != "original f" {
		t.Errorf("dst after the undo: %q, %v; want the original file back", got, rerr)
	}
	if got, rerr := os.ReadFile(backup); rerr != nil || string(got) != "their backup" {
		t.Errorf("the backup name after the undo: %q, %v; want the other program's file", got, rerr)
	}
	var reported bool
	for _, e := range errs(err) {
		var se *symlink.Error
		if errors.As(e, &se) && se.Op == "undo" && se.Dst == f {
			reported = strings.Contains(se.Error(), "backup") && strings.Contains(se.Error(), "kept at")
		}
	}
	if !reported {
		t.Errorf("Apply = %v; want an undo error for %s that names where the old backup is kept", err, f)
	}
}
