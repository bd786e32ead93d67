package symlink

import (
	"os"
	"path/filepath"
	"testing"
)

// TestJournalLockedAfterItsApplyRemovedIt: the Apply that held a journal
// removes it the moment after another opened it, before that one locks
// it. The lock then holds a file no longer at the path: openJournal must
// see it, and open the journal anew, so that a third Apply with the same
// journal finds it in use.
func TestJournalLockedAfterItsApplyRemovedIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	removed := false
	journalOpened = func(p string) {
		if !removed {
			removed = true
			if err := os.Remove(p); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { journalOpened = func(string) {} }()
	j, err := openJournal(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if at, err := stillAt(j.f, path); err != nil || !at {
		t.Fatalf("openJournal locked a file no longer at the journal's path (%v)", err)
	}
	if _, err := openJournal(path, true); err == nil {
		t.Error("a second openJournal while the first holds the journal succeeded; want ErrBusy")
	}
}
