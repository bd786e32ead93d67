package symlink

import (
	"runtime"
	"testing"
)

// TestRootOf: what a link holds is walked from a root when it is absolute,
// has a volume, or (Windows) starts with a separator: `\x` is the root of
// the volume the link is on, not a name in its directory.
func TestRootOf(t *testing.T) {
	type want struct {
		root, rest string
		ok         bool
	}
	cases := map[string]want{
		"x":    {"", "x", false},
		"../x": {"", "../x", false},
		"/x":   {"/", "/x", true},
	}
	vol := ""
	if runtime.GOOS == "windows" {
		vol = `D:`
		cases = map[string]want{
			`x`:                {"", `x`, false},
			`..\x`:             {"", `..\x`, false},
			`\x`:               {`D:\`, `\x`, true},
			`/x`:               {`D:\`, `/x`, true},
			`C:\x`:             {`C:\`, `\x`, true},
			`\\server\share\x`: {`\\server\share\`, `\x`, true},
			`\\?\C:\x`:         {`\\?\C:\`, `\x`, true},
		}
	}
	for dest, w := range cases {
		root, rest, ok := rootOf(dest, vol)
		if (want{root, rest, ok}) != w {
			t.Errorf("rootOf(%q, %q) = %q, %q, %v; want %q, %q, %v", dest, vol, root, rest, ok, w.root, w.rest, w.ok)
		}
	}
}
