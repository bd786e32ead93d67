package symlink

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// TestJournalOfALargeBatchReadsBack writes the journal of a Batch large
// enough for its lines to be made in several parts, and reads it back:
// every link Apply would change, in Add order, with what it needs for the
// undo, and the parents Apply would make.
func TestJournalOfALargeBatchReadsBack(t *testing.T) {
	dir := t.TempDir()
	const n = 5000
	var b Batch
	var want []journalLink
	for i := range n {
		dst := filepath.Join(dir, "d"+strconv.Itoa(i/100), "l"+strconv.Itoa(i))
		r := journalLink{index: i, src: "target " + strconv.Itoa(i), dst: dst, content: "target " + strconv.Itoa(i)}
		var opts []Option
		switch i % 3 {
		case 1:
			opts, r.backup, r.suffix = []Option{WithBackup(".old")}, true, ".old"
		case 2:
			opts = []Option{WithReplace()}
		}
		b.Add(r.src, dst, append(opts, WithParents())...)
		want = append(want, r)
	}
	s := b.state()
	s.plan(context.Background())
	if err := joinErrs(&s.links); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "journal")
	j, err := openJournal(path, true)
	if err != nil {
		t.Fatal(err)
	}
	err = j.write(s)
	j.close()
	if err != nil {
		t.Fatal(err)
	}
	got, err := openJournal(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer got.close()
	if !got.sealed || got.id != s.id {
		t.Errorf("journal read back: sealed %v, id %q; want sealed, id %q", got.sealed, got.id, s.id)
	}
	if diff := cmp.Diff(want, got.links, cmp.AllowUnexported(journalLink{})); diff != "" {
		t.Errorf("links read back (-want +got):\n%s", diff)
	}
	if len(got.dirs) != n/100 {
		t.Errorf("journal records %d parents to make, want %d", len(got.dirs), n/100)
	}
}

// TestReconcileDryRunAfterAnInterruptedRun: a journal that a killed
// Reconcile left (sealed, its links not all made) makes a dry run fail with
// ErrBusy, changing nothing; the next real run recovers it and goes on.
func TestReconcileDryRunAfterAnInterruptedRun(t *testing.T) {
	dir := t.TempDir()
	if err := Check(dir); err != nil {
		testutil.Unavailable(t, "links", fmt.Sprintf("symbolic links unavailable in %s: %v", dir, err))
	}
	ledger := filepath.Join(dir, "ledger")
	want := map[string]string{filepath.Join(dir, "l"): "x"}
	var b Batch
	b.Add("x", filepath.Join(dir, "l"))
	s := b.state()
	s.plan(context.Background())
	j, err := openJournal(ledger+".journal", true)
	if err != nil {
		t.Fatal(err)
	}
	err = j.write(s) // as if killed right after: nothing made yet
	j.close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Reconcile(context.Background(), ledger, want, WithDryRun()); !errors.Is(err, ErrBusy) {
		t.Errorf("dry run after an interrupted run = %v; want ErrBusy", err)
	}
	if _, err := os.Lstat(ledger); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dry run made the ledger: %v", err)
	}
	res, err := Reconcile(context.Background(), ledger, want)
	if err != nil || len(res) != 1 || res[0].Action != Created {
		t.Errorf("the next run = %+v, %v; want the link created", res, err)
	}
	if _, err := os.Lstat(ledger + ".journal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the journal is still there: %v", err)
	}
}

// TestLockedFilesCanBeReplaced: a journal is removed, and a ledger renamed
// over, while the file is open and locked; on Windows only a handle that
// shares deletion allows that.
func TestLockedFilesCanBeReplaced(t *testing.T) {
	dir := t.TempDir()
	j, err := openJournal(filepath.Join(dir, "journal"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if err := j.remove(); err != nil {
		t.Errorf("removing the open journal = %v", err)
	}
	l, err := openLedger(filepath.Join(dir, "ledger"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer l.close()
	b := encodeLedger("", map[string]string{"a": "b"}, nil, nil)
	if err := l.save(b); err != nil {
		t.Fatalf("saving over the open ledger = %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "ledger")); err != nil || string(got) != string(b) {
		t.Errorf("the ledger holds %q, %v; want %q", got, err, b)
	}
}

// TestReconcileAdoptsAKilledRunsLinks: a run killed after it made every
// link, before it recorded them, leaves a committed journal; the next run
// records those links under the same key as want's paths, however they
// were spelled, and so keeps them.
func TestReconcileAdoptsAKilledRunsLinks(t *testing.T) {
	dir := t.TempDir()
	if err := Check(dir); err != nil {
		testutil.Unavailable(t, "links", fmt.Sprintf("symbolic links unavailable in %s: %v", dir, err))
	}
	ledger := filepath.Join(dir, "ledger")
	dst := dir + string(filepath.Separator) + "." + string(filepath.Separator) + "l" // not clean
	var b Batch
	b.Add("x", dst, WithReplace())
	s := b.state()
	s.plan(context.Background())
	j, err := openJournal(ledger+".journal", true)
	if err != nil {
		t.Fatal(err)
	}
	err = s.apply(context.Background(), j) // made and committed; killed before the ledger
	j.close()
	s.close()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Reconcile(context.Background(), ledger, map[string]string{dst: "x"})
	if err != nil || len(res) != 1 || res[0].Action != Unchanged {
		t.Fatalf("the next run = %+v, %v; want the link unchanged", res, err)
	}
	if c, err := os.Readlink(filepath.Join(dir, "l")); err != nil || c != "x" {
		t.Errorf("the link holds %q, %v; want \"x\"", c, err)
	}
	if b, _ := os.ReadFile(ledger); strings.Count(string(b), "\nlink ") != 1 {
		t.Errorf("the ledger records the link more than once:\n%s", b)
	}
}
