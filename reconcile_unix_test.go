//go:build unix

package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"golang.org/x/sys/unix"
)

// reconcileChildEnv makes a re-executed test binary run Reconcile of the
// second description over the tree in its value's directory, for its
// parent to kill.
const reconcileChildEnv = "SYMLINK_TEST_RECONCILE_CHILD"

// dotfiles is a description of n links per directory over 4 directories,
// in version v: version 2 changes some contents, drops some links, adds
// others (with parents to make) and takes names a foreign file holds.
func dotfiles(dir string, v int) map[string]string {
	want := map[string]string{}
	for d := range 4 {
		for i := range 40 {
			name := filepath.Join(dir, "tree", "d"+strconv.Itoa(d), "l"+strconv.Itoa(i))
			content := "../target/" + strconv.Itoa(i)
			switch {
			case v == 2 && i%4 == 1:
				content += ".v2"
			case v == 2 && i%4 == 2:
				continue // dropped
			case v == 2 && i%4 == 3:
				name = filepath.Join(dir, "tree", "d"+strconv.Itoa(d), "p"+strconv.Itoa(i), "q", "l")
			case v == 1 && i%8 == 0:
				continue // added by version 2, over a foreign file
			}
			want[name] = content
		}
	}
	return want
}

// dotfilesTree makes the tree version 1 is reconciled over: the
// directories, and foreign files where version 2 takes the name.
func dotfilesTree(t *testing.T, dir string) {
	for d := range 4 {
		sub := filepath.Join(dir, "tree", "d"+strconv.Itoa(d))
		if err := os.MkdirAll(sub, 0o777); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 40; i += 8 {
			writeFile(t, filepath.Join(sub, "l"+strconv.Itoa(i)), "foreign")
		}
	}
	reconcileOK(t, filepath.Join(dir, "ledger"), dotfiles(dir, 1), symlink.WithParents())
}

var inode = regexp.MustCompile(` inode \d+`)

// shape is exactTree without inodes, to compare trees in two directories.
func shape(t *testing.T, dir string) map[string]string {
	tree := exactTree(t, dir)
	for k, v := range tree {
		tree[k] = inode.ReplaceAllString(v, "")
	}
	return tree
}

// TestReconcileKilledIsCompletedByTheNext kills (SIGKILL) a Reconcile of
// version 2 at a random moment, in every other round kills the next one
// too, then reconciles again: the tree must be the one an uninterrupted
// run makes, byte for byte, and the ledger must record exactly version 2,
// with nothing hidden left and no journal.
func TestReconcileKilledIsCompletedByTheNext(t *testing.T) {
	if dir := os.Getenv(reconcileChildEnv); dir != "" {
		want := dotfiles(dir, 2)
		done := beginWork()
		_, err := symlink.Reconcile(context.Background(), filepath.Join(dir, "ledger"), want, symlink.WithParents(), symlink.WithReplace())
		done()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	child := func(dir string) *exec.Cmd { return rerun(t, reconcileChildEnv, dir) }
	ref := t.TempDir()
	dotfilesTree(t, ref)
	whole := timeWork(t, child(ref)) * 5 / 4 // the kills fall anywhere in a run, or just after it
	wantTree, wantLedger := shape(t, filepath.Join(ref, "tree")), recorded(t, filepath.Join(ref, "ledger"))

	rounds := 30
	if testing.Short() {
		rounds = 8
	}
	var midway int // rounds killed with the journal written
	for round := range rounds {
		dir := t.TempDir()
		dotfilesTree(t, dir)
		for k := range 1 + round%2 {
			killDuring(t, child(dir), rand.N(whole)/time.Duration(k+1))
			if _, err := os.Lstat(filepath.Join(dir, "ledger.journal")); err == nil && k == 0 {
				midway++
			}
		}
		reconcileOK(t, filepath.Join(dir, "ledger"), dotfiles(dir, 2), symlink.WithParents(), symlink.WithReplace())
		if diff := cmp.Diff(wantTree, shape(t, filepath.Join(dir, "tree"))); diff != "" {
			t.Fatalf("round %d: the tree after a killed Reconcile and another (-want +got):\n%s", round, diff)
		}
		if diff := cmp.Diff(wantLedger, recorded(t, filepath.Join(dir, "ledger"))); diff != "" {
			t.Fatalf("round %d: the ledger (-want +got):\n%s", round, diff)
		}
		if _, err := os.Lstat(filepath.Join(dir, "ledger.journal")); err == nil {
			t.Fatalf("round %d: the journal is still there", round)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("round %d: the directory holds %q; want only the tree and the ledger", round, names)
		}
	}
	t.Logf("%d of %d rounds killed the Reconcile with its journal written (a run takes %v)", midway, rounds, whole)
	if midway == 0 {
		t.Errorf("no round killed the Reconcile after it wrote its journal: the test proved nothing")
	}
}

// TestSpecialFilesAsLedgerOrJournal: a FIFO or a device where the ledger or
// a journal should be is no ledger, nor journal: ErrInvalid at once (a FIFO
// would block the read for ever; a device would read as empty, then be
// renamed over), and it stays as it was.
func TestSpecialFilesAsLedgerOrJournal(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	special := []string{fifo}
	if os.Geteuid() == 0 && runtime.GOOS == "linux" {
		null := filepath.Join(dir, "null") // as /dev/null
		if err := makeNull(null); err == nil {
			special = append(special, null)
		} else {
			t.Logf("no device made here (%v): only the FIFO is tried", err)
		}
	} else {
		t.Log("not root on Linux: no device is made, only the FIFO is tried")
	}
	for _, p := range special {
		before := snapshot(t, dir)
		done := make(chan error, 3)
		go func() {
			_, err := symlink.Reconcile(context.Background(), p, map[string]string{filepath.Join(dir, "l"): "t"})
			done <- err
			_, err = symlink.Reconcile(context.Background(), p, nil, symlink.WithDryRun())
			done <- err
			var b symlink.Batch
			b.SetJournal(p)
			b.Add("t", filepath.Join(dir, "l"))
			_, err = b.Apply(context.Background())
			done <- err
		}()
		for i, op := range []string{"ledger", "ledger", "journal"} {
			select {
			case err := <-done:
				wantIs(t, err, op, "ErrInvalid", "fs.ErrInvalid")
			case <-time.After(10 * time.Second):
				t.Fatalf("%s as a ledger or journal: call %d still waits after 10s", filepath.Base(p), i)
			}
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("%s as a ledger or journal changed the tree (-before +after):\n%s", filepath.Base(p), diff)
		}
	}
}

// TestReconcileCannotLookAtALinkNoLongerWanted: a link no longer wanted
// that cannot be looked at (its directory unreadable to the user) is not
// Disowned, which would forget it for good: the run fails, changing
// nothing, and a later run removes it.
func TestReconcileCannotLookAtALinkNoLongerWanted(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {}, func(t *testing.T, dir string) {
		ledger, sub := ledgerOfOneLinkIn(t, dir, "sub")
		if err := os.Chmod(sub, 0); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(ledger)
		_, err := symlink.Reconcile(context.Background(), ledger, nil)
		if !errors.Is(err, symlink.ErrPermission) {
			t.Errorf("Reconcile with a link no longer wanted in an unreadable directory = %v, want ErrPermission", err)
		}
		if after, _ := os.ReadFile(ledger); string(after) != string(before) {
			t.Errorf("the ledger changed:\n%s\nwant\n%s", after, before)
		}
		if err := os.Chmod(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		res, err := symlink.Reconcile(context.Background(), ledger, nil)
		if err != nil || len(res) != 1 || res[0].Action != symlink.Removed {
			t.Errorf("the next run, the directory readable again = %v, %v; want the link removed", res, err)
		}
	})
}

// TestReconcileKeepsTheLedgersModeAndOwner: the ledger's new text keeps
// the old file's mode, and, for root, its owner: a private ledger stays
// private, and a user's ledger updated by root stays the user's.
func TestReconcileKeepsTheLedgersModeAndOwner(t *testing.T) {
	ledger := reconcileDir(t)
	reconcileOK(t, ledger, map[string]string{filepath.Join("home", "a"): "t"})
	if err := os.Chmod(ledger, 0o600); err != nil {
		t.Fatal(err)
	}
	root := os.Geteuid() == 0
	if root {
		if err := os.Chown(ledger, nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	reconcileOK(t, ledger, map[string]string{filepath.Join("home", "b"): "t"})
	fi, err := os.Stat(ledger)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the ledger's mode after a run: %v, want 0600 as before", fi.Mode().Perm())
	}
	if st := fi.Sys().(*syscall.Stat_t); root && (st.Uid != nobody || st.Gid != nobody) {
		t.Errorf("the ledger's owner after a run by root: %d:%d, want %d:%d as before", st.Uid, st.Gid, nobody, nobody)
	}
}

// TestReconcileDryRunSeesAReadOnlyDirectory: a link no longer wanted in a
// directory the user may not write is found by the dry run as by the real
// run, together with every other conflict (here a user's file in the way of
// a wanted link): both fail with ErrPermission and ErrExist, and nothing
// changes.
func TestReconcileDryRunSeesAReadOnlyDirectory(t *testing.T) {
	asUnprivileged(t, func(t *testing.T, dir string) {}, func(t *testing.T, dir string) {
		ledger, sub := ledgerOfOneLinkIn(t, dir, "sub")
		if err := os.Chmod(sub, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(sub, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "c"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{filepath.Join(dir, "b"): "t", filepath.Join(dir, "c"): "t"}
		before := snapshot(t, dir)
		for _, opts := range [][]symlink.Option{{symlink.WithDryRun()}, nil} {
			_, err := symlink.Reconcile(context.Background(), ledger, want, opts...)
			if !errors.Is(err, symlink.ErrPermission) || !errors.Is(err, symlink.ErrExist) {
				t.Errorf("Reconcile (%d options) with a link no longer wanted in a read-only directory and a file in the way = %v, want ErrPermission and ErrExist together", len(opts), err)
			}
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("the failed run changed the tree (-before +after):\n%s", diff)
		}
	})
}

// ledgerOfOneLinkIn makes directory name in dir and a Reconcile's link in
// it, recorded in the ledger it returns with the directory's path.
func ledgerOfOneLinkIn(t *testing.T, dir, name string) (ledger, sub string) {
	t.Helper()
	ledger, sub = filepath.Join(dir, "ledger"), filepath.Join(dir, name)
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := symlink.Reconcile(context.Background(), ledger, map[string]string{filepath.Join(sub, "a"): "t"}); err != nil {
		t.Fatal(err)
	}
	return ledger, sub
}
