package symlink_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/symlinkgo/symlink"
)

// The stress tests replace one link from several goroutines of several
// processes at once, while readers look at it without pause. Each writer
// process is this test binary run again, selected by stressWriterEnv.
const (
	stressWriterEnv  = "SYMLINK_STRESS_WRITER" // "dir" in a writer process
	stressProcs      = 2                       // writer processes besides this one
	stressGoroutines = 2                       // writer goroutines in every process
	stressWrites     = 1500                    // Create calls of every writer goroutine
	stressTargets    = 64                      // distinct link contents
	stressReaders    = 1                       // reader goroutines of each kind
	stressWritesLine = "stress-writes "        // how a writer process reports its count
)

// stressTarget is the content of the i-th link the writers make; every one
// names an existing file, so that following the link must succeed too.
func stressTarget(i int) string { return "r/" + strconv.Itoa(i) }

// TestStressReplaceNeverShowsDstMissing: readers of a link replaced
// thousands of times by several processes always find it, holding a content
// some writer wrote, and no temporary name outlives the writers.
func TestStressReplaceNeverShowsDstMissing(t *testing.T) {
	stress(t, symlink.WithReplace())
}

// TestStressBackupNeverShowsDstOrBackupMissing: the same with WithBackup,
// whose backup is also always there, holding a content dst held before.
func TestStressBackupNeverShowsDstOrBackupMissing(t *testing.T) {
	stress(t, symlink.WithBackup(""))
}

// stressCounts is what the readers saw.
type stressCounts struct {
	reads   atomic.Int64 // Readlink and Stat calls
	misses  atomic.Int64 // calls that found no dst (or no backup)
	foreign atomic.Int64 // contents that no writer wrote, and other errors
	first   sync.Once
	example string // the first miss or foreign content, for the failure message
}

func (c *stressCounts) bad(counter *atomic.Int64, format string, args ...any) {
	counter.Add(1)
	c.first.Do(func() { c.example = fmt.Sprintf(format, args...) })
}

func stress(t *testing.T, opts ...symlink.Option) {
	if dir := os.Getenv(stressWriterEnv); dir != "" {
		// A writer process: write, report the count, and let the parent judge.
		n := stressWrite(t, dir, opts)
		fmt.Printf("%s%d\n", stressWritesLine, n)
		return
	}
	if testing.Short() {
		t.Skip("stress test: skipped with -short")
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot run the test binary again as a writer process: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "r"), 0o777); err != nil {
		t.Fatal(err)
	}
	valid := map[string]bool{}
	for i := range stressTargets {
		valid[stressTarget(i)] = true
		writeFile(t, filepath.Join(dir, stressTarget(i)), strconv.Itoa(i))
	}
	dst := filepath.Join(dir, "current")
	if err := symlink.Create(stressTarget(0), dst); err != nil {
		t.Fatal(err)
	}
	if err := symlink.Create(stressTarget(1), dst, opts...); err != nil {
		t.Fatal(err)
	}
	// Options are sealed: whether they keep a backup shows on disk.
	want := []string{"current", "r"}
	_, err = os.Lstat(dst + "~")
	backup := err == nil
	if backup {
		want = []string{"current", "current~", "r"}
	}

	var counts stressCounts
	var stop atomic.Bool
	var readers sync.WaitGroup
	read := func(name string, follow bool) {
		defer readers.Done()
		for !stop.Load() {
			counts.reads.Add(1)
			if follow {
				if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
					counts.bad(&counts.misses, "Stat(%q): %v", name, err)
				} else if err != nil {
					counts.bad(&counts.foreign, "Stat(%q): %v", name, err)
				}
				continue
			}
			s, err := os.Readlink(name)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				counts.bad(&counts.misses, "Readlink(%q): %v", name, err)
			case err != nil:
				counts.bad(&counts.foreign, "Readlink(%q): %v", name, err)
			case !valid[s]:
				counts.bad(&counts.foreign, "Readlink(%q) = %q, which no writer wrote", name, s)
			}
		}
	}
	for range stressReaders {
		readers.Add(2)
		go read(dst, false)
		go read(dst, true)
		if backup {
			readers.Add(1)
			go read(dst+"~", false)
		}
	}

	start := time.Now()
	var writes atomic.Int64
	var writers sync.WaitGroup
	for i := range stressProcs {
		writers.Add(1)
		go func() {
			defer writers.Done()
			cmd := exec.Command(exe, "-test.run=^"+t.Name()+"$", "-test.count=1")
			cmd.Env = append(os.Environ(), stressWriterEnv+"="+dir)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Errorf("writer process %d: %v; want it to finish without error\n%s", i, err, out.Bytes())
				return
			}
			n, ok := stressReported(out.Bytes())
			if !ok {
				t.Errorf("writer process %d reported no count; want a %q line\n%s", i, stressWritesLine, out.Bytes())
			}
			writes.Add(n)
		}()
	}
	writers.Add(1)
	go func() {
		defer writers.Done()
		writes.Add(stressWrite(t, dir, opts))
	}()
	writers.Wait()
	elapsed := time.Since(start)
	stop.Store(true)
	readers.Wait()

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names, leftovers []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".symlink-") {
			leftovers = append(leftovers, e.Name())
		} else {
			names = append(names, e.Name())
		}
	}
	t.Logf("%d processes × %d goroutines: writes=%d reads=%d misses=%d foreign=%d leftovers=%d in %v",
		stressProcs+1, stressGoroutines, writes.Load(), counts.reads.Load(),
		counts.misses.Load(), counts.foreign.Load(), len(leftovers), elapsed.Round(time.Millisecond))
	if n := counts.misses.Load(); n != 0 {
		t.Errorf("readers found the link missing %d times, e.g. %s; want never", n, counts.example)
	}
	if n := counts.foreign.Load(); n != 0 {
		t.Errorf("readers failed or saw a content no writer wrote %d times, e.g. %s; want never", n, counts.example)
	}
	if len(leftovers) > 0 {
		t.Errorf("%d temporary names left in the directory, e.g. %q; want none", len(leftovers), leftovers[0])
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("names in the directory (-want +got):\n%s", diff)
	}
	if s := readlink(t, dst); !valid[s] {
		t.Errorf("after the writers, %s holds %q; want one of the written targets", dst, s)
	}
	if backup {
		if s := readlink(t, dst+"~"); !valid[s] {
			t.Errorf("after the writers, the backup holds %q; want one of the written targets", s)
		}
	}
}

// stressWrite runs this process's writer goroutines on dir/current and
// returns how many Create calls they made. Every call must succeed.
func stressWrite(t *testing.T, dir string, opts []symlink.Option) int64 {
	dst := filepath.Join(dir, "current")
	var n atomic.Int64
	var wg sync.WaitGroup
	for range stressGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range stressWrites {
				src := stressTarget(rand.IntN(stressTargets))
				if err := symlink.Create(src, dst, opts...); err != nil {
					t.Errorf("Create(%q, %q) = %v; want nil", src, dst, err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return n.Load()
}

// stressReported finds the count a writer process printed.
func stressReported(out []byte) (int64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), stressWritesLine); ok {
			n, err := strconv.ParseInt(s, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
