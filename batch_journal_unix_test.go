//go:build unix

package symlink_test

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// journalChildEnv makes a re-executed test binary run a journaled Apply
// ("apply:DIR") or a Recover ("recover:DIR") over the tree journalTree made
// in DIR, for its parent to kill.
const journalChildEnv = "SYMLINK_TEST_JOURNAL_CHILD"

// journalTree makes, under dir/tree, what a dotfile manager meets: names
// that are free, files and links to replace, files to back up over an older
// backup, and links whose parents must be made; it returns the Batch that
// changes all of them, journaled at dir/journal.
func journalTree(t testing.TB, dir string, build bool) *symlink.Batch {
	var b symlink.Batch
	b.SetJournal(filepath.Join(dir, "journal"))
	for d := range 4 {
		sub := filepath.Join(dir, "tree", "d"+strconv.Itoa(d))
		if build {
			if err := os.MkdirAll(sub, 0o777); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 60 {
			name := filepath.Join(sub, "l"+strconv.Itoa(i))
			target := "../target/" + strconv.Itoa(i)
			switch i % 5 {
			case 0: // free
				b.Add(target, name, symlink.WithReplace())
			case 1: // a file, with a second name elsewhere
				if build {
					writeFile(t, name, "file "+name)
					if err := os.Link(name, name+".other"); err != nil {
						t.Fatal(err)
					}
				}
				b.Add(target, name, symlink.WithReplace())
			case 2: // an older link
				if build {
					if err := os.Symlink("old", name); err != nil {
						t.Fatal(err)
					}
				}
				b.Add(target, name, symlink.WithReplace())
			case 3: // a file, backed up over an older backup
				if build {
					writeFile(t, name, "file "+name)
					writeFile(t, name+".bak", "older backup")
				}
				b.Add(target, name, symlink.WithBackup(".bak"))
			case 4: // parents to make
				b.Add(target, filepath.Join(sub, "p"+strconv.Itoa(i), "q", "l"), symlink.WithParents(), symlink.WithReplace())
			}
		}
	}
	// Links from untrusted names, through a root: files replaced, parents
	// made, all inside it.
	rooted := filepath.Join(dir, "tree", "r")
	if build {
		if err := os.MkdirAll(rooted, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(rooted)
	if err != nil {
		t.Fatal(err)
	}
	if build {
		root.Close()
	} else {
		t.Cleanup(func() { root.Close() })
	}
	for i := range 30 {
		name := "l" + strconv.Itoa(i)
		switch i % 3 {
		case 1:
			if build {
				writeFile(t, filepath.Join(rooted, name), "file "+name)
			}
		case 2:
			name = filepath.Join("p"+strconv.Itoa(i), name)
		}
		if !build {
			b.Add("target/"+strconv.Itoa(i), name, symlink.WithinRoot(root), symlink.WithReplace(), symlink.WithParents())
		}
	}
	return &b
}

// exactTree records every name under dir: a file by its bytes and its inode
// (so that a file put back must be the very file), a link by its content,
// a directory as such.
func exactTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			content, err := os.Readlink(p)
			tree[rel] = "link -> " + content
			return err
		case fi.IsDir():
			tree[rel] = "dir"
		default:
			b, err := os.ReadFile(p)
			tree[rel] = fmt.Sprintf("file %q inode %d", b, fi.Sys().(*syscall.Stat_t).Ino)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// appliedTree is what journalTree's Batch makes of the tree before: every
// dst a link, every backed-up file (the same file) at its backup name, the
// parents made.
func appliedTree(before map[string]string) map[string]string {
	after := maps.Clone(before)
	for d := range 4 {
		sub := "d" + strconv.Itoa(d)
		for i := range 60 {
			name := filepath.Join(sub, "l"+strconv.Itoa(i))
			link := "link -> ../target/" + strconv.Itoa(i)
			switch i % 5 {
			case 3:
				after[name+".bak"] = before[name]
			case 4:
				p := filepath.Join(sub, "p"+strconv.Itoa(i))
				after[p], after[filepath.Join(p, "q")] = "dir", "dir"
				name = filepath.Join(p, "q", "l")
			}
			after[name] = link
		}
	}
	for i := range 30 {
		name := filepath.Join("r", "l"+strconv.Itoa(i))
		if i%3 == 2 {
			p := filepath.Join("r", "p"+strconv.Itoa(i))
			after[p] = "dir"
			name = filepath.Join(p, "l"+strconv.Itoa(i))
		}
		after[name] = "link -> target/" + strconv.Itoa(i)
	}
	return after
}

func runJournalChild(t *testing.T, job string) {
	what, dir, _ := strings.Cut(job, ":")
	var err error
	switch what {
	case "apply":
		b := journalTree(t, dir, false)
		done := beginWork()
		_, err = b.Apply(context.Background())
		done()
	case "recover":
		done := beginWork()
		err = symlink.Recover(context.Background(), filepath.Join(dir, "journal"))
		done()
	case "apply-unjournaled":
		b := journalTree(t, dir, false)
		b.SetJournal("")
		done := beginWork()
		_, err = b.Apply(context.Background())
		done()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestJournalKilledApplyIsRecovered kills (SIGKILL) a journaled Apply at a
// random moment, in every other round kills the Recover that follows too,
// then recovers, and compares the tree byte for byte, inodes included, with
// the tree before the Apply: no link made, every file back as itself, no
// hidden name left, the journal gone.
func TestJournalKilledApplyIsRecovered(t *testing.T) {
	if job := os.Getenv(journalChildEnv); job != "" {
		runJournalChild(t, job)
		return
	}
	child := func(job string) *exec.Cmd { return rerun(t, journalChildEnv, job) }
	// How long an Apply takes here: the kills fall anywhere in it, or
	// just after it.
	dir := t.TempDir()
	journalTree(t, dir, true)
	apply := timeWork(t, child("apply:"+dir)) * 5 / 4

	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	var midway int // rounds killed with the journal written
	for round := range rounds {
		dir := t.TempDir()
		journal := filepath.Join(dir, "journal")
		journalTree(t, dir, true)
		before := exactTree(t, filepath.Join(dir, "tree"))
		after := appliedTree(before)
		killDuring(t, child("apply:"+dir), rand.N(apply))
		if _, err := os.Stat(journal); err == nil {
			midway++
		}
		if round%2 == 1 {
			killDuring(t, child("recover:"+dir), rand.N(apply/2))
		}
		if round%4 == 2 {
			// A tool that was killed just runs again: Apply recovers first.
			if _, err := journalTree(t, dir, false).Apply(context.Background()); err != nil {
				t.Fatalf("round %d: Apply after a killed Apply = %v", round, err)
			}
			if diff := cmp.Diff(after, exactTree(t, filepath.Join(dir, "tree"))); diff != "" {
				t.Fatalf("round %d: Apply after a killed Apply made another tree (-want +got):\n%s", round, diff)
			}
			continue
		}
		if err := symlink.Recover(context.Background(), journal); err != nil {
			t.Fatalf("round %d: Recover = %v", round, err)
		}
		got := exactTree(t, filepath.Join(dir, "tree"))
		if diff := cmp.Diff(before, got); diff != "" && !cmp.Equal(after, got) {
			t.Fatalf("round %d: the tree after a killed Apply and Recover is neither the tree before nor the tree Apply makes; against the one before (-want +got):\n%s", round, diff)
		}
		if _, err := os.Lstat(journal); err == nil {
			t.Fatalf("round %d: the journal is still there after Recover", round)
		}
	}
	t.Logf("%d of %d rounds killed the Apply with its journal written (an Apply takes %v)", midway, rounds, apply)
	if midway == 0 {
		t.Errorf("no round killed the Apply after it wrote its journal: the test proved nothing")
	}
}

// TestKilledApplyWithoutJournalKeepsWhatItReplaced kills an Apply without a
// journal at random moments: as its doc says, until every link is made every
// file it replaced is still there, as the same file, at its name, at its
// backup name, or beside it at .symlink-ID-N.h (or .b for what a backup name
// held), the only copy.
func TestKilledApplyWithoutJournalKeepsWhatItReplaced(t *testing.T) {
	if job := os.Getenv(journalChildEnv); job != "" {
		runJournalChild(t, job)
		return
	}
	hidden := regexp.MustCompile(`^\.symlink-[0-9a-z]+-[0-9]+\.[hb]$`)
	child := func(dir string) *exec.Cmd { return rerun(t, journalChildEnv, "apply-unjournaled:"+dir) }
	// How long an Apply takes here: the kills fall anywhere in it.
	dir := t.TempDir()
	journalTree(t, dir, true)
	apply := timeWork(t, child(dir))
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	var kept int // rounds that left a hidden copy
	for range rounds {
		dir := t.TempDir()
		journalTree(t, dir, true)
		files := map[uint64]string{} // inode -> the file's name, before
		before := exactTree(t, filepath.Join(dir, "tree"))
		for p, e := range before {
			var ino uint64
			var content string
			if n, _ := fmt.Sscanf(e, "file %q inode %d", &content, &ino); n == 2 {
				files[ino] = p
			}
		}
		killDuring(t, child(dir), rand.N(apply))
		found := map[uint64]bool{}
		got := exactTree(t, filepath.Join(dir, "tree"))
		// Once every link is made, Apply removes the hidden copies: a kill
		// then leaves those it has not removed yet.
		linked := true
		for p, e := range appliedTree(before) {
			if strings.HasPrefix(e, "link") && got[p] != e {
				linked = false
			}
		}
		for p, e := range got {
			var ino uint64
			var content string
			if n, _ := fmt.Sscanf(e, "file %q inode %d", &content, &ino); n == 2 {
				found[ino] = true
				if hidden.MatchString(filepath.Base(p)) {
					kept++
				}
			} else if strings.HasPrefix(filepath.Base(p), ".symlink-") && !hidden.MatchString(filepath.Base(p)) && !strings.HasSuffix(p, ".t") && !strings.HasSuffix(p, ".k") {
				t.Errorf("a killed Apply left %s, which is none of the names its doc gives", p)
			}
		}
		for ino, p := range files {
			if !found[ino] && !linked {
				t.Fatalf("the file that was at %s (inode %d) is nowhere after a killed Apply", p, ino)
			}
		}
	}
	t.Logf("%d hidden copies found over %d rounds", kept, rounds)
	if kept == 0 {
		t.Errorf("no round killed the Apply while it held a hidden copy: the test proved nothing")
	}
}
