//go:build unix && !aix

package symlink_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/sys"
)

// A journal in use by one Apply or Recover makes another fail at once with
// ErrBusy, changing nothing. The lock is flock(2)'s, which excludes
// another open of the file in the same process too (AIX has only fcntl's,
// which does not).
func TestJournalInUseIsErrBusy(t *testing.T) {
	dir := t.TempDir()
	b := journalTree(t, dir, true)
	journal := filepath.Join(dir, "journal")
	writeFile(t, journal, "")
	f, err := os.Open(journal)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if locked, err := sys.TryLock(f); !locked {
		t.Fatalf("cannot lock the journal for the test: %v", err)
	}
	before := exactTree(t, dir)
	for name, run := range map[string]func() error{
		"Apply":   func() error { _, err := b.Apply(context.Background()); return err },
		"Recover": func() error { return symlink.Recover(context.Background(), journal) },
	} {
		err := run()
		wantIs(t, err, "journal", "ErrBusy")
		var e *symlink.Error
		if errors.As(err, &e) && e.Dst != journal {
			t.Errorf("%s with a journal in use: Dst = %q, want the journal %q", name, e.Dst, journal)
		}
		if diff := cmp.Diff(before, exactTree(t, dir)); diff != "" {
			t.Errorf("%s with a journal in use changed the tree (-before +after):\n%s", name, diff)
		}
	}
}

// A ledger in use by one Reconcile makes another fail at once with
// ErrBusy, changing nothing, the ledger included.
func TestReconcileLedgerInUseIsErrBusy(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{"home/a": "x"})
	f, err := os.Open(ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if locked, err := sys.TryLock(f); !locked {
		t.Fatalf("cannot lock the ledger for the test: %v", err)
	}
	before := snapshot(t, ".")
	_, err = symlink.Reconcile(context.Background(), ledger, map[string]string{"home/b": "x"})
	wantIs(t, err, "ledger", "ErrBusy")
	if diff := cmp.Diff(before, snapshot(t, ".")); diff != "" {
		t.Errorf("Reconcile with a ledger in use changed the tree (-before +after):\n%s", diff)
	}
}
