package testutil

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// RequireEnv names the environment variable that lists, comma-separated,
// what the machine running the tests is known to offer: a CI job on real
// Windows sets it, so that a test which cannot check its promise there
// fails instead of skipping. The names are those given to Unavailable:
//
//	links              symbolic links can be made
//	junctions          junctions can be made
//	posix-rename       renames with POSIX semantics
//	readonly-dirs      a directory keeps FILE_ATTRIBUTE_READONLY
//	no-privilege       the process cannot make symbolic links
//	developer-mode=on  Developer Mode is on (developer-mode=off: off)
const RequireEnv = "SYMLINK_TEST_REQUIRE"

// Required reports whether RequireEnv lists what.
func Required(what string) bool {
	return slices.Contains(strings.Split(os.Getenv(RequireEnv), ","), what)
}

// Unavailable ends t because what is not available here, for reason: a
// skip, or a failure where RequireEnv says the machine offers it.
func Unavailable(t testing.TB, what, reason string) {
	t.Helper()
	if Required(what) {
		t.Fatalf("%s: required by %s=%s, but unavailable: %s", what, RequireEnv, os.Getenv(RequireEnv), reason)
	}
	t.Skip(reason)
}
