//go:build unix

package symlink_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// workBegins is the line a re-executed child writes on its standard output
// just before the work its parent kills.
const workBegins = "work begins"

// beginWork, in a re-executed child, says that the work to be killed
// begins now; the function it returns says how long it took. Start-up (a
// test binary under the race detector on a loaded machine takes a second)
// is thus never mistaken for the work.
func beginWork() (done func()) {
	fmt.Println(workBegins)
	start := time.Now()
	return func() { fmt.Printf("work took %d\n", time.Since(start)) }
}

// timeWork runs cmd, a child that calls beginWork, to its end and returns
// how long its work took.
func timeWork(t *testing.T, cmd *exec.Cmd) time.Duration {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child: %v\n%s", err, out)
	}
	_, took, _ := strings.Cut(string(out), "work took ")
	var d time.Duration
	if _, err := fmt.Sscan(took, &d); err != nil || d <= 0 {
		t.Fatalf("the child did not say how long its work took: %v\n%s", err, out)
	}
	return d
}

// killDuring starts cmd, a child that calls beginWork, waits until its work
// begins, lets it work for d, then kills it (SIGKILL) and waits for it. A
// child that ends before its work begins fails the test.
func killDuring(t *testing.T, cmd *exec.Cmd, d time.Duration) {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() && lines.Text() != workBegins {
	}
	if lines.Err() != nil || lines.Text() != workBegins {
		cmd.Wait()
		t.Fatalf("the child ended before its work began: %s", stderr.String())
	}
	time.Sleep(d)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
}

// rerun returns a command that runs this test binary again, only the test
// t, with the environment variable env set to value.
func rerun(t *testing.T, env, value string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+regexp.QuoteMeta(t.Name())+"$")
	cmd.Env = append(os.Environ(), env+"="+value)
	return cmd
}
