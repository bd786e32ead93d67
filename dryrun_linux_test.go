package symlink_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/symlinkgo/symlink"
	"github.com/symlinkgo/symlink/internal/testutil"
)

// TestDryRunOnReadOnlyFileSystem: EROFS is foreseen.
func TestDryRunOnReadOnlyFileSystem(t *testing.T) {
	dir := testutil.MountTmpfs(t, syscall.MS_RDONLY, "size=64k", func(dir string) {
		for _, d := range []string{"dry", "real"} {
			if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
				t.Fatal(err)
			}
		}
	})
	for _, tc := range []dryRunCase{
		{name: "new", src: "x", dst: "l"},
		{name: "parents", src: "x", dst: "a/l", opts: []symlink.Option{symlink.WithParents()}},
		{name: "replace", src: "x", dst: "l", opts: []symlink.Option{symlink.WithReplace()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			compareDryRun(t, filepath.Join(dir, "dry"), filepath.Join(dir, "real"), tc)
		})
	}
}

// dryRunChildEnv makes a re-executed test binary run the dry runs that
// TestDryRunWritesNothing traces.
const dryRunChildEnv = "SYMLINK_TEST_DRY_RUN_DIR"

// TestDryRunWritesNothing traces dry runs of every option with strace: no
// system call that writes to the file system may appear.
func TestDryRunWritesNothing(t *testing.T) {
	if dir := os.Getenv(dryRunChildEnv); dir != "" {
		for _, tc := range dryRunCases() {
			sub := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			symlink.Create(tc.src, filepath.Join(sub, tc.dst), append(tc.opts, symlink.WithDryRun())...)
		}
		return
	}
	dir := t.TempDir()
	linksOrSkip(t, dir)
	for _, tc := range dryRunCases() {
		sub := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
		if err := os.Mkdir(sub, 0o777); err != nil {
			t.Fatal(err)
		}
		if tc.setup != nil {
			tc.setup(t, sub)
		}
	}
	trace := traceChild(t, "TestDryRunWritesNothing", dryRunChildEnv+"="+dir)
	writes := regexp.MustCompile(`^(symlink|symlinkat|link|linkat|rename|renameat2?|unlink|unlinkat|mkdir|mkdirat|rmdir|fsync|fdatasync|truncate|ftruncate|fchmod|fchmodat|fchown|fchownat|utimensat)\(|O_CREAT|O_WRONLY|O_RDWR`)
	var n int
	for _, line := range strings.Split(trace, "\n") {
		if !strings.Contains(line, dir) && !strings.HasPrefix(line, "fsync") {
			continue // the Go runtime's and the test binary's own calls
		}
		n++
		if writes.MatchString(line) {
			t.Errorf("a dry run wrote: %s", line)
		}
	}
	if n == 0 {
		t.Fatalf("the trace shows no call on %s; the child did not run the dry runs:\n%s", dir, trace)
	}
}

// traceChild runs this test binary's test name under strace, with env
// added, and returns the trace of its file system calls, each descriptor
// argument followed by its path in <>. It skips the test
// where strace is missing or cannot trace.
func traceChild(t *testing.T, name, env string) string {
	t.Helper()
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not installed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "trace")
	// -y names the file of each descriptor argument, which survives the
	// split of a call into "unfinished" and "resumed" lines when threads
	// interleave.
	cmd := exec.Command(strace, "-f", "-qq", "-y", "-e", "trace=%file,%desc", "-o", out,
		exe, "-test.run=^"+name+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot trace the test binary here: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// strace -f prefixes each line with the thread's id.
	return regexp.MustCompile(`(?m)^\d+\s+`).ReplaceAllString(string(b), "")
}
