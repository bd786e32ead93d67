//go:build unix

package symlink_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// childEnv names the test that a re-executed test binary runs as an
// unprivileged user; childDirEnv passes it the directory set up for it.
const (
	childEnv    = "SYMLINK_TEST_UNPRIVILEGED"
	childDirEnv = "SYMLINK_TEST_UNPRIVILEGED_DIR"
)

// nobody is the user and group the permission tests run as when the tests
// run as root, for whom no permission check ever fails.
const nobody = 65534

// asUnprivileged runs setup on a new directory that any user may enter, then
// body on that directory as a user without privileges: directly when this
// process is not root, else in a child process (this test binary, running
// only this test) as user nobody, whose failures fail the test. It is for
// tests whose tree belongs to the user who runs body: modes that user may
// set on their own files (a read-only directory) are what is tested.
func asUnprivileged(t *testing.T, setup, body func(t *testing.T, dir string)) {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		body(t, os.Getenv(childDirEnv))
		return
	}
	dir := publicDir(t)
	setup(t, dir)
	if os.Geteuid() != 0 {
		body(t, dir)
		return
	}
	runAsNobody(t, dir)
}

// asAnotherUser runs setup as root on a new directory that any user may
// enter, so that what it makes belongs to root, then body on that directory
// as user nobody, in a child process. It is for tests of another user's
// files (a sticky directory, fs.protected_hardlinks), which only root can
// make: a test run by anyone else skips, saying so.
func asAnotherUser(t *testing.T, setup, body func(t *testing.T, dir string)) {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		body(t, os.Getenv(childDirEnv))
		return
	}
	if uid := os.Geteuid(); uid != 0 {
		t.Skipf("needs root, to make files that belong to another user than the one (uid %d) that runs the test", uid)
	}
	dir := publicDir(t)
	setup(t, dir)
	runAsNobody(t, dir)
}

// publicDir makes a new directory that any user may enter and write,
// removed at the end of the test.
func publicDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "symlink-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.Chmod(dir, 0o755)
		os.RemoveAll(dir)
	})
	// MkdirTemp makes it private; t.TempDir's parents would be too.
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runAsNobody runs the current test again in a child process as user
// nobody, on dir; the child's failures fail the test.
func runAsNobody(t *testing.T, dir string) {
	t.Helper()
	exe, err := publicCopy(t)
	if err != nil {
		t.Fatalf("cannot re-run the test binary as nobody: %v", err)
	}
	cmd := exec.Command(exe, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name(), childDirEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("as uid %d: %v\n%s", nobody, err, out)
	} else {
		t.Logf("as uid %d:\n%s", nobody, out)
	}
}

// publicCopy copies the test binary where nobody may run it: go test builds
// it in a directory private to its owner.
func publicCopy(t *testing.T) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	in, err := os.Open(self)
	if err != nil {
		return "", err
	}
	defer in.Close()
	dir, err := os.MkdirTemp("", "symlink-test-bin-")
	if err != nil {
		return "", err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "symlink.test")
	out, err := os.OpenFile(exe, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o755)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return exe, err
}

// meanwhile calls change in a loop on another goroutine until the returned
// function is called, which waits for the loop to end: the other process
// of a race.
func meanwhile(change func()) (stop func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-quit:
				return
			default:
				change()
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}
