package symlink

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSystemHowWindowsReadsDotDot pins down, on NTFS, how Windows reads
// "..", which WithRelative and WithinRoot's rules depend on:
//
//   - in a path given to CreateFile, ".." is removed as text before any link
//     in the path is followed (GetFullPathNameW);
//   - in the content of a relative link being followed, a link before ".."
//     is followed first, as on Unix;
//   - but a junction is a mount point: a relative link reached through it is
//     followed from the junction's path, so its ".." climbs to the
//     junction's parent, not to the parent of the junction's target.
func TestSystemHowWindowsReadsDotDot(t *testing.T) {
	dir := t.TempDir()
	realLinksOrSkip(t, dir)
	at := func(p string) string { return filepath.Join(dir, p) }
	if err := os.MkdirAll(at(`a\b`), 0o777); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"x": "top", `a\x`: "in a"} {
		if err := os.WriteFile(at(name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []struct {
		src, dst string
		kind     Kind
	}{
		{`a\b`, "l", KindDir},
		{`l\..\x`, "m", KindFile},
		{`..\x`, `a\b\n`, KindFile},
	} {
		if err := Create(l.src, at(l.dst), WithKind(l.kind)); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p, want, why string) {
		t.Helper()
		if b, err := os.ReadFile(at(p)); err != nil || string(b) != want {
			t.Errorf("reading %s = %q, %v; want %q: %s", p, b, err, want, why)
		}
	}
	read(`l\..\x`, "top", `a path's ".." is text: l\.. is the directory l is in`)
	read("m", "in a", `a link's ".." follows a link first: l\.. is a`)
	read(`a\b\n`, "in a", `n's ".." climbs from a\b`)

	c := call{src: at(`a\b`), dst: at("j"), content: at(`a\b`)}
	if err := c.makeJunction(at("j")); err != nil {
		t.Fatalf("junction: %v", err)
	}
	read(`j\n`, "top", `through the junction j, n's ".." climbs from j`)
}
