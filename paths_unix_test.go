//go:build unix

package symlink_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
	"golang.org/x/sys/unix"
)

// longDir makes a directory whose path, relative to the working directory,
// is n bytes long, one element of at most 200 bytes at a time.
func longDir(t *testing.T, n int) string {
	t.Helper()
	var p string
	for len(p) < n {
		elem := strings.Repeat("d", min(200, n-len(p)-1))
		if p == "" {
			elem = strings.Repeat("d", min(200, n))
		}
		p = joinRel(p, elem)
		if err := os.Mkdir(p, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	if len(p) != n {
		t.Fatalf("made a path of %d bytes, want %d", len(p), n)
	}
	return p
}

func joinRel(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// listDir records the names in dir with their type and content, as snapshot
// does, by the directory's descriptor: some of their paths are too long to
// use.
func listDir(t *testing.T, dir string) map[string]entry {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tree := map[string]entry{}
	for _, e := range list {
		var got entry
		var err error
		switch {
		case e.Type()&os.ModeSymlink != 0:
			got.Type = "link"
			got.Content, err = root.Readlink(e.Name())
		case e.Type().IsRegular():
			var b []byte
			b, err = root.ReadFile(e.Name())
			got = entry{Type: "file", Content: string(b)}
		default:
			got.Type = "other"
		}
		if err != nil {
			t.Fatal(err)
		}
		tree[e.Name()] = got
	}
	return tree
}

// emptyDir removes every name in dir, by the directory's descriptor.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for name := range listDir(t, dir) {
		if err := root.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReplaceWhereNoTemporaryNameFitsInAPath replaces links at a dst whose
// path is as long as the system takes (PATH_MAX less its NUL): a temporary
// name beside it, or the backup name, would not fit in a path. Every such
// dst works, leaves no temporary name behind, and its dry run says what the
// real call does.
func TestReplaceWhereNoTemporaryNameFitsInAPath(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	t.Chdir(dir)
	long := longDir(t, unix.PathMax-1-len("/link"))
	dst := long + "/link"
	oldLink := map[string]entry{"link": {Type: "link", Content: "old"}}
	for _, tc := range []struct {
		name   string
		before map[string]entry
		opts   []symlink.Option
		want   symlink.Result
		after  map[string]entry
	}{
		{"WithReplace, a link", oldLink, []symlink.Option{symlink.WithReplace()},
			symlink.Result{Dst: dst, Action: symlink.Replaced, Content: "new"},
			map[string]entry{"link": {Type: "link", Content: "new"}}},
		{"WithReplace, a file", map[string]entry{"link": {Type: "file", Content: "data"}}, []symlink.Option{symlink.WithReplace()},
			symlink.Result{Dst: dst, Action: symlink.Replaced, Content: "new"},
			map[string]entry{"link": {Type: "link", Content: "new"}}},
		{"WithReplace, already right", map[string]entry{"link": {Type: "link", Content: "new"}}, []symlink.Option{symlink.WithReplace()},
			symlink.Result{Dst: dst, Action: symlink.Unchanged, Content: "new"},
			map[string]entry{"link": {Type: "link", Content: "new"}}},
		{"WithBackup", oldLink, []symlink.Option{symlink.WithBackup("")},
			symlink.Result{Dst: dst, Action: symlink.Replaced, Content: "new", Backup: dst + "~"},
			map[string]entry{"link": {Type: "link", Content: "new"}, "link~": {Type: "link", Content: "old"}}},
		{"WithBackup, a long suffix", oldLink, []symlink.Option{symlink.WithBackup(".before-the-upgrade")},
			symlink.Result{Dst: dst, Action: symlink.Replaced, Content: "new", Backup: dst + ".before-the-upgrade"},
			map[string]entry{"link": {Type: "link", Content: "new"}, "link.before-the-upgrade": {Type: "link", Content: "old"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emptyDir(t, long)
			for name, e := range tc.before {
				var err error
				if e.Type == "link" {
					err = os.Symlink(e.Content, long+"/"+name)
				} else {
					err = os.WriteFile(long+"/"+name, []byte(e.Content), 0o666)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			var dry, real symlink.Result
			if err := symlink.Create("new", dst, append(tc.opts, symlink.WithDryRun(), symlink.WithResult(&dry))...); err != nil {
				t.Errorf("dry run = %v; want nil", err)
			}
			if diff := cmp.Diff(tc.before, listDir(t, long)); diff != "" {
				t.Errorf("the dry run changed the directory (-before +after):\n%s", diff)
			}
			if err := symlink.Create("new", dst, append(tc.opts, symlink.WithResult(&real))...); err != nil {
				t.Fatalf("Create = %v; want nil", err)
			}
			if diff := cmp.Diff(tc.want, real); diff != "" {
				t.Errorf("Result (-want +got):\n%s", shorten(diff))
			}
			if diff := cmp.Diff(real, dry); diff != "" {
				t.Errorf("Result (-real call +dry run):\n%s", shorten(diff))
			}
			if diff := cmp.Diff(tc.after, listDir(t, long)); diff != "" {
				t.Errorf("directory after Create (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("Batch", func(t *testing.T) {
		emptyDir(t, long)
		writeFile(t, long+"/file", "data")
		var b symlink.Batch
		b.Add("new", dst, symlink.WithReplace())
		b.Add("other", long+"/file", symlink.WithBackup(""))
		if _, err := b.Apply(context.Background()); err != nil {
			t.Fatalf("Apply = %v; want nil", err)
		}
		want := map[string]entry{
			"link":  {Type: "link", Content: "new"},
			"file":  {Type: "link", Content: "other"},
			"file~": {Type: "file", Content: "data"},
		}
		if diff := cmp.Diff(want, listDir(t, long)); diff != "" {
			t.Errorf("directory after Apply (-want +got):\n%s", diff)
		}
	})
	t.Run("Check", func(t *testing.T) {
		before := listDir(t, long)
		if err := symlink.Check(long); err != nil {
			t.Errorf("Check(a directory with no room for a probe's name in a path) = %v; want nil", err)
		}
		if diff := cmp.Diff(before, listDir(t, long)); diff != "" {
			t.Errorf("Check changed the directory (-before +after):\n%s", diff)
		}
	})
}
