//go:build unix || windows

package symlink_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// TestBatchPlanReportsEveryConflict: each failing link has its own *Error,
// answering errors.Is as Create's would, and a Result with NoAction; the
// others are planned. Every Result names its link.
func TestBatchPlanReportsEveryConflict(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	mustCreate(t, "old", filepath.Join(dir, "taken"))
	mustCreate(t, "x", filepath.Join(dir, "right"))
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o777); err != nil {
		t.Fatal(err)
	}
	var b symlink.Batch
	var dsts []string
	add := func(src, dst string, opts ...symlink.Option) {
		b.Add(src, filepath.Join(dir, dst), opts...)
		dsts = append(dsts, filepath.Join(dir, dst))
	}
	add("x", "new")
	add("x", "taken")                        // exists
	add("x", "dir", symlink.WithReplace())   // a directory
	add("x", "missing/l")                    // no parent
	add("x", "right", symlink.WithReplace()) // unchanged
	add("y", "taken2", symlink.WithDryRun()) // not in a Batch
	add("x", "p/q/l", symlink.WithParents())
	add("x", "p/q/m") // parent made by the Add above
	before := snapshot(t, dir)
	res, err := b.Plan()
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Plan changed the tree (-before +after):\n%s", diff)
	}
	none := symlink.NoAction
	want := []symlink.Action{symlink.Created, none, none, none, symlink.Unchanged, none, symlink.Created, symlink.Created}
	var got []symlink.Action
	for i, r := range res {
		got = append(got, r.Action)
		if r.Dst != dsts[i] {
			t.Errorf("Result %d names %q; want the Add's dst %q", i, r.Dst, dsts[i])
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Plan's actions (-want +got):\n%s", diff)
	}
	var errs []*symlink.Error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *symlink.Error
		if !errors.As(e, &se) {
			t.Fatalf("Plan's error holds %#v, want only *symlink.Error", e)
		}
		errs = append(errs, se)
	}
	wantIsList := [][]string{
		{"ErrExist", "fs.ErrExist"},
		{"ErrExist", "ErrIsDir", "fs.ErrExist"},
		{"ErrNotExist", "fs.ErrNotExist"},
		{"ErrInvalid", "fs.ErrInvalid"},
	}
	if len(errs) != len(wantIsList) {
		t.Fatalf("Plan reported %d errors, want %d: %v", len(errs), len(wantIsList), err)
	}
	for i, e := range errs {
		if diff := cmp.Diff(wantIsList[i], isSet(e)); diff != "" {
			t.Errorf("error %d (%v) answers (-want +got):\n%s", i, e, diff)
		}
	}
}

// TestBatchRefusesPathsGivenTwice: duplicates are judged on absolute,
// cleaned paths.
func TestBatchRefusesPathsGivenTwice(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	t.Chdir(dir)
	var b symlink.Batch
	b.Add("x", "a")
	b.Add("y", filepath.Join(dir, ".", "a")) // the same as "a"
	b.Add("x", filepath.Join("a", "inside"))
	b.Add("x", "b", symlink.WithBackup(".old"))
	b.Add("x", "b.old")
	b.Add("x", "fine")
	res, err := b.Plan()
	for i, r := range res {
		if wantOK := i == 3 || i == 5; (r.Action != 0) != wantOK {
			t.Errorf("Add %d: Action %v; want it planned: %v", i, r.Action, wantOK)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 4 {
		t.Errorf("Plan reported %d errors, want 4:\n%v", n, err)
	}
	if !errors.Is(err, symlink.ErrInvalid) {
		t.Errorf("Plan = %v, want ErrInvalid", err)
	}
	if _, err := b.Apply(context.Background()); err == nil {
		t.Errorf("Apply of a failing plan = nil")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Apply of a failing plan made %d entries", len(entries))
	}
}

// TestBatchRefusesNamesThatMeet: a dst inside two others is reported
// inside the nearest; two backup names that meet are both refused.
func TestBatchRefusesNamesThatMeet(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	t.Chdir(dir)
	var b symlink.Batch
	b.Add("x", "a")
	b.Add("x", filepath.Join("a", "b"))
	b.Add("x", filepath.Join("a", "b", "c", "d"))
	b.Add("x", "p", symlink.WithBackup(".q.r"))
	b.Add("x", "p.q", symlink.WithBackup(".r"))
	b.Add("x", "fine", symlink.WithBackup(".r"))
	res, err := b.Plan()
	var got []string
	for i, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *symlink.Error
		if !errors.As(e, &se) || !errors.Is(e, symlink.ErrInvalid) {
			t.Errorf("error %d = %v, want a *symlink.Error that is ErrInvalid", i, e)
			continue
		}
		got = append(got, se.Dst)
	}
	want := []string{filepath.Join("a", "b"), filepath.Join("a", "b", "c", "d"), "p", "p.q"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refused dsts (-want +got):\n%s", diff)
	}
	if nearest := filepath.Join(dir, "a", "b"); !strings.Contains(err.Error(), "inside another link's path "+strconv.Quote(nearest)) {
		t.Errorf("Plan = %v, want a/b/c/d inside %q", err, nearest)
	}
	if res[0].Action != symlink.Created || res[5].Action != symlink.Created {
		t.Errorf("Results = %+v, want the first and the last planned", res)
	}
}

// TestBatchApply makes, replaces, leaves alone and backs up links in one
// Apply, with WithResult given to Add filled when it succeeds.
func TestBatchApply(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	mustCreate(t, "old", filepath.Join(dir, "replace"))
	mustCreate(t, "old", filepath.Join(dir, "backup"))
	mustCreate(t, "x", filepath.Join(dir, "right"))
	var b symlink.Batch
	var r symlink.Result
	b.Add("x", filepath.Join(dir, "new"), symlink.WithResult(&r))
	b.Add("x", filepath.Join(dir, "replace"), symlink.WithReplace())
	b.Add("x", filepath.Join(dir, "backup"), symlink.WithBackup(""))
	b.Add("x", filepath.Join(dir, "right"), symlink.WithReplace())
	b.Add("x", filepath.Join(dir, "deep", "er", "l"), symlink.WithParents())
	res, err := b.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []symlink.Result{
		{Dst: filepath.Join(dir, "new"), Action: symlink.Created, Content: "x"},
		{Dst: filepath.Join(dir, "replace"), Action: symlink.Replaced, Content: "x"},
		{Dst: filepath.Join(dir, "backup"), Action: symlink.Replaced, Content: "x", Backup: filepath.Join(dir, "backup") + "~"},
		{Dst: filepath.Join(dir, "right"), Action: symlink.Unchanged, Content: "x"},
		{Dst: filepath.Join(dir, "deep", "er", "l"), Action: symlink.Created, Content: "x"},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Results (-want +got):\n%s", diff)
	}
	if r != want[0] {
		t.Errorf("WithResult given to Add holds %+v, want %+v", r, want[0])
	}
	wantTree := map[string]entry{
		".": {Type: "dir"}, "new": {Type: "link", Content: "x"}, "replace": {Type: "link", Content: "x"},
		"backup": {Type: "link", Content: "x"}, "backup~": {Type: "link", Content: "old"},
		"right": {Type: "link", Content: "x"}, "deep": {Type: "dir"}, "deep/er": {Type: "dir"},
		"deep/er/l": {Type: "link", Content: "x"},
	}
	if diff := cmp.Diff(wantTree, snapshot(t, dir)); diff != "" {
		t.Errorf("tree after Apply (-want +got):\n%s", diff)
	}
}

// TestBatchUndoesWhenADirectoryIsPutInTheWay puts a directory where a later
// link of the Batch goes, while Apply runs: Apply fails and undoes every
// change, so the tree is as before (plus that directory).
func TestBatchUndoesWhenADirectoryIsPutInTheWay(t *testing.T) {
	for _, at := range []int{0, 150, 299} { // the first, a middle and the last link of d/
		t.Run(fmt.Sprint("at ", at), func(t *testing.T) {
			dir, b := batchTree(t, 300)
			before := snapshot(t, dir)
			in := filepath.Join(dir, "d", fmt.Sprintf("l%03d", at))
			// Once the first replaced link holds the new content, Apply
			// has planned and is making links.
			started := filepath.Join(dir, "r", "l000")
			done := make(chan struct{})
			go func() {
				defer close(done)
				for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
					if c, _ := os.Readlink(started); c == "new" {
						os.Mkdir(in, 0o777)
						return
					}
				}
			}()
			// A replaced link and a backup: never missing, during Apply or
			// during the undo.
			stop := watchMissing(func() string { return filepath.Join(dir, "r", "l001") })
			stopBackup := watchMissing(func() string { return filepath.Join(dir, "r", "l002~") })
			_, err := b.Apply(context.Background())
			<-done
			for name, stop := range map[string]func() (int64, int64){"r/l001": stop, "r/l002~": stopBackup} {
				if reads, misses := stop(); misses != 0 {
					t.Errorf("a reader found %s missing %d times in %d reads; want never", name, misses, reads)
				}
			}
			if err == nil {
				t.Skip("Apply finished before the directory was put in the way")
			}
			if !errors.Is(err, symlink.ErrExist) {
				t.Errorf("Apply = %v, want ErrExist", err)
			}
			before["d/"+filepath.Base(in)] = entry{Type: "dir"}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("after the undo (-before +after):\n%s", shorten(diff))
			}
		})
	}
}

// TestBatchCancelledBeforeItStarts changes nothing.
func TestBatchCancelledBeforeItStarts(t *testing.T) {
	dir, b := batchTree(t, 10)
	before := snapshot(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Apply(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Apply = %v, want context.Canceled", err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("tree (-before +after):\n%s", diff)
	}
}

// TestBatchUndoesWhenCancelled cancels Apply part way: errors.Is reaches
// context.Canceled and the tree is as before.
func TestBatchUndoesWhenCancelled(t *testing.T) {
	dir, b := batchTree(t, 2000)
	before := snapshot(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			if _, err := os.Lstat(filepath.Join(dir, "d", "l500")); err == nil {
				break
			}
		}
		cancel()
	}()
	res, err := b.Apply(ctx)
	if err == nil {
		t.Skip("Apply finished before it was cancelled")
	}
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("Apply = %d results, %v; want none and context.Canceled", len(res), err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("after the undo (-before +after):\n%s", shorten(diff))
	}
}

// batchTree makes a tree with n links to replace in r/ (half of them with a
// backup, over an old backup) and a Batch that replaces them and makes n new
// links in d/ and in new parents p/, one at a time in Add order.
func batchTree(t *testing.T, n int) (string, *symlink.Batch) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	for _, d := range []string{"r", "d"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	b := new(symlink.Batch)
	b.SetLimit(1)
	for i := range n {
		name := fmt.Sprintf("l%03d", i)
		r := filepath.Join(dir, "r", name)
		mustCreate(t, "old", r)
		opts := []symlink.Option{symlink.WithReplace()}
		if i%2 == 0 {
			mustCreate(t, "older", r+"~")
			opts = []symlink.Option{symlink.WithBackup("")}
		}
		b.Add("new", r, opts...)
	}
	for i := range n {
		b.Add("new", filepath.Join(dir, "d", fmt.Sprintf("l%03d", i)))
		b.Add("new", filepath.Join(dir, "p", fmt.Sprint(i%7), fmt.Sprintf("l%03d", i)), symlink.WithParents())
	}
	return dir, b
}

// TestBatchReportsWhatItCannotUndo: another program re-points a link the
// Batch made, then a later link fails. The undo leaves that link alone and
// reports it with Op "undo"; everything else is undone.
func TestBatchReportsWhatItCannotUndo(t *testing.T) {
	dir, b := batchTree(t, 300)
	before := snapshot(t, dir)
	changed, blocked := filepath.Join(dir, "d", "l010"), filepath.Join(dir, "d", "l299")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
			if c, _ := os.Readlink(changed); c == "new" {
				os.Remove(changed)
				os.Symlink("someone else's", changed)
				os.Mkdir(blocked, 0o777)
				return
			}
		}
	}()
	_, err := b.Apply(context.Background())
	<-done
	if err == nil {
		t.Skip("Apply finished before the links were changed")
	}
	var undo *symlink.Error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if se := (*symlink.Error)(nil); errors.As(e, &se) && se.Op == "undo" {
			undo = se
		}
	}
	if undo == nil || undo.Dst != changed {
		t.Fatalf("Apply = %v; want an *Error with Op \"undo\" for %s", err, changed)
	}
	before["d/l010"] = entry{Type: "link", Content: "someone else's"}
	before["d/l299"] = entry{Type: "dir"}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("after the undo (-before +after):\n%s", shorten(diff))
	}
}

// TestBatchPlanAgreesWithDryRunInAnyOrder: Plan reads some names of a
// directory as links and lists the directory only when a name must be
// looked up; whichever name comes first, each Add's Result and error must
// be those of the same Create with WithDryRun.
func TestBatchPlanAgreesWithDryRunInAnyOrder(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	mustCreate(t, "x", filepath.Join(dir, "right"))
	mustCreate(t, "old", filepath.Join(dir, "other"))
	mustCreate(t, "nowhere", filepath.Join(dir, "dangling"))
	writeFile(t, filepath.Join(dir, "file"), "f")
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o777); err != nil {
		t.Fatal(err)
	}
	type add struct {
		name string
		opts []symlink.Option
	}
	var adds []add
	for _, name := range []string{"right", "other", "dangling", "file", "dir", "missing1", "missing2"} {
		adds = append(adds, add{name, []symlink.Option{symlink.WithReplace()}})
		adds = append(adds, add{name + "-b", []symlink.Option{symlink.WithBackup(".b")}})
	}
	adds = append(adds, add{"plain", nil}, add{"other", nil}) // "other" twice: both refused
	// The "-b" names do not exist: what matters is that a listing made for
	// one Add answers for the next ones as a read would.
	type outcome struct {
		Action symlink.Action
		Is     []string
	}
	want := func(a add) outcome {
		var r symlink.Result
		opts := append([]symlink.Option{symlink.WithDryRun(), symlink.WithResult(&r)}, a.opts...)
		err := symlink.Create("x", filepath.Join(dir, a.name), opts...)
		return outcome{r.Action, isSet(err)}
	}
	before := snapshot(t, dir)
	rng := rand.New(rand.NewPCG(1, 2))
	for try := range 40 {
		order := rng.Perm(len(adds))
		var b symlink.Batch
		var wants []outcome
		for _, i := range order {
			a := adds[i]
			b.Add("x", filepath.Join(dir, a.name), a.opts...)
			w := want(a)
			if a.name == "other" {
				w = outcome{0, []string{"ErrInvalid", "fs.ErrInvalid"}}
			}
			wants = append(wants, w)
		}
		res, err := b.Plan()
		var errs []error
		if err != nil {
			errs = err.(interface{ Unwrap() []error }).Unwrap()
		}
		var got []outcome
		for _, r := range res {
			o := outcome{Action: r.Action}
			if r.Action == 0 {
				if len(errs) == 0 {
					t.Fatalf("try %d: a zero Action without an error", try)
				}
				o.Is, errs = isSet(errs[0]), errs[1:]
			}
			got = append(got, o)
		}
		if diff := cmp.Diff(wants, got); diff != "" {
			t.Fatalf("try %d, order %v: Plan against Create with WithDryRun (-want +got):\n%s", try, order, diff)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Plan changed the tree (-before +after):\n%s", diff)
	}
}

// A context done before or while Apply plans stops it there: the error is
// the context's, and nothing is written.
func TestApplyNoticesTheContextWhilePlanning(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	writeFile(t, filepath.Join(dir, "taken"), "x")
	var b symlink.Batch
	b.Add("t", filepath.Join(dir, "taken")) // a conflict the plan would report
	for i := range 1000 {
		b.Add("t", filepath.Join(dir, "l"+strconv.Itoa(i)))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := snapshot(t, dir)
	res, err := b.Apply(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, symlink.ErrExist) || res != nil {
		t.Errorf("Apply with a done context = %v, %v; want nil and context.Canceled alone: the plan stops", res, err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("Apply with a done context changed the tree (-before +after):\n%s", diff)
	}
}

// TestBatchSameDstThroughALinkedDirectory: d/f and alias/f, where alias is a
// link to d, are one dst, also where Plan does not open the directory: in
// a root, and when the directory is still to be made (WithParents makes
// d/sub and alias/sub alike). Plan and Apply refuse both Adds, ErrInvalid,
// and nothing changes.
func TestBatchSameDstThroughALinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("d", filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	in := symlink.WithinRoot(root)
	for _, tc := range []struct {
		name   string
		a, b   string
		oa, ob []symlink.Option
	}{
		{"in a root", "d/f", "alias/f", []symlink.Option{in}, []symlink.Option{in}},
		{"in a root and not", "d/f", filepath.Join(dir, "alias", "f"), []symlink.Option{in}, nil},
		{"to be made", filepath.Join(dir, "d", "sub", "f"), filepath.Join(dir, "alias", "sub", "f"), []symlink.Option{symlink.WithParents()}, []symlink.Option{symlink.WithParents()}},
		{"to be made, in a root", "d/sub/f", "alias/sub/f", []symlink.Option{in, symlink.WithParents()}, []symlink.Option{in, symlink.WithParents()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b symlink.Batch
			b.Add("one", tc.a, append(tc.oa, symlink.WithReplace())...)
			b.Add("two", tc.b, append(tc.ob, symlink.WithReplace())...)
			before := snapshot(t, dir)
			_, err := b.Plan()
			wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
			_, err = b.Apply(context.Background())
			wantIs(t, err, "symlink", "ErrInvalid", "fs.ErrInvalid")
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("Apply changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}

// TestPlanFindsBackupNameConflicts: a backup name too long for its
// directory, and a dst inside another Add's backup name, are found by Plan,
// as by Create's dry run, not only half-way through Apply; nothing changes.
func TestPlanFindsBackupNameConflicts(t *testing.T) {
	dir := t.TempDir()
	linksOrSkip(t, dir)
	long := filepath.Join(dir, strings.Repeat("n", 254))
	writeFile(t, long, "")
	writeFile(t, filepath.Join(dir, "a"), "")
	for _, tc := range []struct {
		name  string
		adds  func(b *symlink.Batch)
		op    string
		wants []string
	}{
		{"backup name too long", func(b *symlink.Batch) { b.Add("x", long, symlink.WithBackup(".orig")) }, "backup", []string{"ErrInvalid", "fs.ErrInvalid"}},
		{"dst inside a backup name", func(b *symlink.Batch) {
			b.Add("x", filepath.Join(dir, "a"), symlink.WithBackup("~"))
			b.Add("y", filepath.Join(dir, "a~", "b"), symlink.WithParents())
		}, "symlink", []string{"ErrInvalid", "fs.ErrInvalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b symlink.Batch
			tc.adds(&b)
			before := snapshot(t, dir)
			_, err := b.Plan()
			wantIs(t, err, tc.op, tc.wants...)
			_, err = b.Apply(context.Background())
			wantIs(t, err, tc.op, tc.wants...)
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the tree changed (-before +after):\n%s", diff)
			}
		})
	}
}
