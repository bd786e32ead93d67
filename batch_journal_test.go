package symlink_test

import (
	"context"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// sealed is a journal body with its end line.
func sealed(body string) string {
	return body + "end " + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(body))), 16) + "\n"
}

func TestRecover(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	link := filepath.Join(dir, "tree", "l")
	body := "symlink-journal 1\nid abc\nlink 0 create src \"t\" dst " + strconv.Quote(link) + " content \"t\" root \"\" junction 0\n"
	for _, tc := range []struct {
		name        string
		journal     string // "" for none
		wantErr     []string
		wantLink    bool // the link made "by the Apply" is still there
		wantJournal bool
	}{
		{name: "no journal", wantLink: true},
		{name: "empty", journal: "-", wantLink: true},
		{name: "cut short before its end", journal: body, wantLink: true},
		{name: "an Apply that did not finish", journal: sealed(body)},
		{name: "an Apply that finished", journal: sealed(body) + "committed\n", wantLink: true},
		{name: "cut short in its end line", journal: sealed(body)[:len(sealed(body))-3], wantLink: true},
		{name: "cut short in its commit", journal: sealed(body) + "commi"},
		{name: "checksum wrong", journal: body + "end 1234abcd\n", wantErr: []string{"ErrInvalid", "fs.ErrInvalid"}, wantLink: true, wantJournal: true},
		{name: "edited", journal: sealed(body)[:20] + "X" + sealed(body)[21:], wantErr: []string{"ErrInvalid", "fs.ErrInvalid"}, wantLink: true, wantJournal: true},
		{name: "unknown record", journal: sealed(body + "rename \"a\" \"b\"\n"), wantErr: []string{"ErrInvalid", "fs.ErrInvalid"}, wantLink: true, wantJournal: true},
		{name: "another version", journal: sealed("symlink-journal 2\nid abc\n"), wantErr: []string{"ErrInvalid", "fs.ErrInvalid"}, wantLink: true, wantJournal: true},
		{name: "not a journal", journal: "#!/bin/sh\necho hello\n", wantErr: []string{"ErrInvalid", "fs.ErrInvalid"}, wantLink: true, wantJournal: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.RemoveAll(filepath.Join(dir, "tree"))
			os.Mkdir(filepath.Join(dir, "tree"), 0o777)
			if err := os.Symlink("t", link); err != nil {
				t.Fatal(err)
			}
			journal := filepath.Join(dir, "journal")
			os.Remove(journal)
			switch tc.journal {
			case "":
			case "-":
				writeFile(t, journal, "")
			default:
				writeFile(t, journal, tc.journal)
			}
			err := symlink.Recover(context.Background(), journal)
			if tc.wantErr != nil {
				wantIs(t, err, "journal", tc.wantErr...)
			} else if err != nil {
				t.Fatalf("Recover = %v", err)
			}
			if _, err := os.Lstat(link); (err == nil) != tc.wantLink {
				t.Errorf("after Recover the link is there: %v, want %v", err == nil, tc.wantLink)
			}
			b, err := os.ReadFile(journal)
			if (err == nil) != tc.wantJournal {
				t.Errorf("after Recover the journal is there: %v, want %v", err == nil, tc.wantJournal)
			}
			if tc.wantJournal {
				if diff := cmp.Diff(tc.journal, string(b)); diff != "" {
					t.Errorf("Recover of a damaged journal changed it (-before +after):\n%s", diff)
				}
			}
		})
	}
}

// Recover with a context already done stops before its first link: the
// error is the context's, and the journal stays for the next try.
func TestRecoverStopsWithTheContext(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	link := filepath.Join(dir, "l")
	if err := os.Symlink("t", link); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(dir, "journal")
	text := sealed("symlink-journal 1\nid abc\nlink 0 create src \"t\" dst " + strconv.Quote(link) + " content \"t\" root \"\" junction 0\n")
	writeFile(t, journal, text)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := symlink.Recover(ctx, journal); !errors.Is(err, context.Canceled) {
		t.Errorf("Recover with a done context = %v, want context.Canceled", err)
	}
	if got := readlink(t, link); got != "t" {
		t.Errorf("Recover with a done context changed the link to %q", got)
	}
	if b, err := os.ReadFile(journal); err != nil || string(b) != text {
		t.Errorf("Recover with a done context changed the journal: %q, %v", b, err)
	}
	if err := symlink.Recover(context.Background(), journal); err != nil {
		t.Fatalf("Recover after the done context = %v", err)
	}
	if _, err := os.Lstat(link); err == nil {
		t.Error("Recover left the link the unfinished Apply created")
	}
}

// A journaled Apply that succeeds leaves no journal and no hidden name; one
// whose plan fails leaves no journal either.
func TestJournaledApplyLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	tree := filepath.Join(dir, "tree")
	os.Mkdir(tree, 0o777)
	writeFile(t, filepath.Join(tree, "f"), "file")
	journal := filepath.Join(dir, "journal")
	var b symlink.Batch
	b.SetJournal(journal)
	b.Add("t", filepath.Join(tree, "new"))
	b.Add("t", filepath.Join(tree, "f"), symlink.WithBackup("~"))
	if _, err := b.Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]entry{
		".":   {Type: "dir"},
		"new": {Type: "link", Content: "t"},
		"f":   {Type: "link", Content: "t"},
		"f~":  {Type: "file", Content: "file"},
	}
	if diff := cmp.Diff(want, snapshot(t, tree)); diff != "" {
		t.Errorf("a journaled Apply made (-want +got):\n%s", diff)
	}
	if _, err := os.Lstat(journal); err == nil {
		t.Error("the journal is still there after a successful Apply")
	}
	var again symlink.Batch
	again.SetJournal(journal)
	again.Add("t", filepath.Join(tree, "new")) // taken: the plan fails
	if _, err := again.Apply(context.Background()); err == nil {
		t.Fatal("Apply over a taken dst succeeded")
	}
	if _, err := os.Lstat(journal); err == nil {
		t.Error("the journal is still there after an Apply whose plan failed")
	}
}

// A journal Apply cannot use fails the Apply before anything changes, with
// Op "journal" and an error that says why.
func TestJournalThatCannotBeUsed(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o777); err != nil {
		t.Fatal(err)
	}
	// Links at the journal's name, that another program could have put
	// there: to a file (which the journal must not truncate) and to
	// nothing (which it must not make).
	writeFile(t, filepath.Join(dir, "afile"), "kept")
	for link, to := range map[string]string{"to-file": "afile", "to-nothing": "made-through-link"} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, journal string
		want          []string
	}{
		{"a NUL byte", "jour\x00nal", []string{"ErrInvalid", "fs.ErrInvalid"}},
		{"in a missing directory", filepath.Join(dir, "missing", "journal"), []string{"ErrNotExist", "fs.ErrNotExist"}},
		{"a link to a file", filepath.Join(dir, "to-file"), []string{"ErrInvalid", "fs.ErrInvalid"}},
		{"a link to nothing", filepath.Join(dir, "to-nothing"), []string{"ErrInvalid", "fs.ErrInvalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b symlink.Batch
			b.SetJournal(tc.journal)
			b.Add("t", filepath.Join(dir, "l"))
			before := snapshot(t, dir)
			_, err := b.Apply(context.Background())
			wantIs(t, err, "journal", tc.want...)
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Apply with a journal it cannot use changed the tree (-before +after):\n%s", diff)
			}
		})
	}
	// Recover does not read a journal through a link either.
	before := snapshot(t, dir)
	wantIs(t, symlink.Recover(context.Background(), filepath.Join(dir, "to-file")), "journal", "ErrInvalid", "fs.ErrInvalid")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Recover of a link to a file changed the tree (-before +after):\n%s", diff)
	}
	// A directory where the journal should be: refused, and left alone.
	var b symlink.Batch
	b.SetJournal(filepath.Join(dir, "adir"))
	b.Add("t", filepath.Join(dir, "l"))
	before = snapshot(t, dir)
	if _, err := b.Apply(context.Background()); err == nil {
		t.Error("Apply with a directory for its journal succeeded")
	} else if e := (*symlink.Error)(nil); !errors.As(err, &e) || e.Op != "journal" {
		t.Errorf("Apply with a directory for its journal = %v, want an *Error with Op \"journal\"", err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Apply with a directory for its journal changed the tree (-before +after):\n%s", diff)
	}
}

// TestBatchRefusesItsOwnJournal: an Add whose dst, or backup name, is the
// journal's file, by its path or through a link to its directory, would
// replace the journal with a link (or rename a file over it) in the middle
// of the Apply it records. Plan and Apply refuse it, ErrInvalid, and
// nothing changes.
func TestBatchRefusesItsOwnJournal(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.Symlink(dir, filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "jnl"), "a file")
	journal := filepath.Join(dir, "jnl~")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tc := range []struct {
		name string
		dst  string
		opts []symlink.Option
	}{
		{"dst", journal, []symlink.Option{symlink.WithReplace()}},
		{"dst through a link", filepath.Join(dir, "alias", "jnl~"), []symlink.Option{symlink.WithReplace()}},
		{"relative dst", "jnl~", []symlink.Option{symlink.WithReplace()}},
		{"backup name", filepath.Join(dir, "jnl"), []symlink.Option{symlink.WithBackup("~")}},
		{"absolute in a root", journal, []symlink.Option{symlink.WithinRoot(root), symlink.WithReplace()}},
		{"in a root, through a link", filepath.Join("alias", "jnl~"), []symlink.Option{symlink.WithinRoot(root), symlink.WithReplace()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(dir)
			var b symlink.Batch
			b.SetJournal(journal)
			b.Add("t", filepath.Join(dir, "ok"))
			b.Add("t", tc.dst, tc.opts...)
			before := snapshot(t, dir)
			_, err := b.Plan()
			wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
			_, err = b.Apply(context.Background())
			wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
			if err != nil && !strings.Contains(err.Error(), "journal") {
				t.Errorf("Apply = %v, want an error that names the journal", err)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Apply changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRecoverLeavesWhatReplacedAParent: a parent the Apply made that was
// replaced since by a link or an empty file (another program's) is left
// as it is by Recover; an empty parent of its own goes.
func TestRecoverLeavesWhatReplacedAParent(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	made := func(name string) string { return filepath.Join(dir, name) }
	body := "symlink-journal 1\nid abc\n"
	for _, d := range []string{"link", "file", "own"} {
		body += "mkdir dir " + strconv.Quote(made(d)) + " root \"\"\n"
	}
	writeFile(t, filepath.Join(dir, "journal"), sealed(body))
	if err := os.Symlink(".", made("link")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, made("file"), "")
	if err := os.Mkdir(made("own"), 0o777); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if err := symlink.Recover(context.Background(), filepath.Join(dir, "journal")); err != nil {
		t.Fatalf("Recover = %v", err)
	}
	delete(before, "journal")
	delete(before, "own")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Recover (-want +got):\n%s", diff)
	}
}

// TestRecoverReportsWhatAnotherProgramChanged: where the journal records a
// link made where nothing was, and another program has put its own file or
// link there since, Recover leaves it as it is and says so, as Apply's own
// undo does; a link still the Apply's goes.
func TestRecoverReportsWhatAnotherProgramChanged(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	body := "symlink-journal 1\nid abc\n"
	for i, name := range []string{"file", "link", "own"} {
		body += "link " + strconv.Itoa(i) + " create src \"t\" dst " + strconv.Quote(filepath.Join(dir, name)) + " content \"t\" root \"\" junction 0\n"
	}
	journal := filepath.Join(dir, "journal")
	writeFile(t, journal, sealed(body))
	writeFile(t, filepath.Join(dir, "file"), "another program's")
	for name, content := range map[string]string{"link": "another", "own": "t"} {
		if err := os.Symlink(content, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, dir)
	err := symlink.Recover(context.Background(), journal)
	var reported []string
	for _, e := range errs(err) {
		var se *symlink.Error
		if errors.As(e, &se) && se.Op == "undo" {
			reported = append(reported, filepath.Base(se.Dst))
		}
	}
	slices.Sort(reported)
	if diff := cmp.Diff([]string{"file", "link"}, reported); diff != "" {
		t.Errorf("Recover = %v; the names it reports (-want +got):\n%s", err, diff)
	}
	delete(before, "own")
	delete(before, "journal")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("after Recover (-want +got):\n%s", diff)
	}
}

// errs is the errors joined in err, or err alone.
func errs(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestPlanAfterAnInterruptedApply: with a journal that records an Apply
// that was interrupted, Plan cannot foresee what the next Apply does (it
// recovers first): ErrBusy, and nothing changes; Apply then recovers and
// applies.
func TestPlanAfterAnInterruptedApply(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	made := filepath.Join(dir, "made")
	journal := filepath.Join(dir, "journal")
	writeFile(t, journal, sealed("symlink-journal 1\nid abc\nlink 0 create src \"t\" dst "+strconv.Quote(made)+" content \"t\" root \"\" junction 0\n"))
	if err := os.Symlink("t", made); err != nil {
		t.Fatal(err)
	}
	var b symlink.Batch
	b.SetJournal(journal)
	b.Add("t", made, symlink.WithReplace())
	before := snapshot(t, dir)
	_, err := b.Plan()
	wantIs(t, err, "journal", "ErrBusy")
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Plan changed the tree (-before +after):\n%s", diff)
	}
	res, err := b.Apply(context.Background())
	if err != nil || res[0].Action != symlink.Created {
		t.Errorf("Apply after the interrupted one = %v, %v; want the link recovered away, then created", res, err)
	}
	if res, err := b.Plan(); err != nil || res[0].Action != symlink.Unchanged {
		t.Errorf("Plan once recovered = %v, %v; want the link unchanged", res, err)
	}
}

// TestRecoverJournalCutShortAfterTheApplyBegan: a journal is made durable,
// end line included, before the first change; one cut short records an
// Apply that changed nothing, unless it was damaged since. Beside a dst of
// its complete lines, a name of the Apply (a hidden copy) shows the
// damage: Recover fails with ErrInvalid and changes nothing, the journal
// and the hidden copy included, instead of forgetting the only copy.
func TestRecoverJournalCutShortAfterTheApplyBegan(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "f")
	body := "symlink-journal 1\nid abc\nlink 0 replace src \"t\" dst " + strconv.Quote(dst) + " content \"t\" root \"\" junction 0\n"
	journal := filepath.Join(dir, "journal")
	writeFile(t, filepath.Join(dir, ".symlink-abc-0.h"), "the only copy")
	for _, cut := range []string{body, sealed(body)[:len(sealed(body))-3]} {
		writeFile(t, journal, cut)
		before := snapshot(t, dir)
		wantIs(t, symlink.Recover(context.Background(), journal), "journal", "ErrInvalid", "fs.ErrInvalid")
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("Recover of a journal cut short changed the tree (-before +after):\n%s", diff)
		}
	}
}
