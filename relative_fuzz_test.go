package symlink

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRelativeLink checks the path WithRelative stores. Inside a directory
// that holds no links, following the result from dst's directory must lead
// to the target exactly: dst's directory joined with the result and cleaned
// is the target cleaned. Outside it (any bytes, any real path) the only
// demand is no panic and a result or an error. The seeds are in
// testdata/fuzz/FuzzRelativeLink.
func FuzzRelativeLink(f *testing.F) {
	root, err := filepath.EvalSymlinks(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	sep := string(filepath.Separator)
	f.Fuzz(func(t *testing.T, target, dst string) {
		// What Create passes: src and dst that passed validation, src made
		// absolute. Anywhere on the system: only no panic.
		if validPath("target", target) != nil || validPath("link path", dst) != nil {
			return
		}
		if abs, err := absPath(target); err == nil {
			relativeLink(abs, dst)
		}

		// Inside root, which holds no links, the answer is exact.
		target, dst = root+sep+target, root+sep+dst
		i := strings.LastIndexAny(dst, `/`+sep)
		dir, last := filepath.Clean(dst[:i]), dst[i+1:]
		if last == "" || last == "." || last == ".." ||
			!isUnder(root, dir) || !isUnder(root, filepath.Clean(target)) {
			return // not a name a link can have, or outside root
		}
		got, err := relativeLink(target, dst)
		if err != nil {
			t.Fatalf("relativeLink(%q, %q) = %v; want no error where no links exist", target, dst, err)
		}
		if filepath.IsAbs(got) {
			t.Fatalf("relativeLink(%q, %q) = %q; want a relative path", target, dst, got)
		}
		if reached, want := filepath.Join(dir, got), filepath.Clean(target); reached != want {
			t.Fatalf("relativeLink(%q, %q) = %q, which leads from %q to %q; want %q", target, dst, got, dir, reached, want)
		}
	})
}

// isUnder reports whether the clean path p is root or lies under it.
func isUnder(root, p string) bool {
	return p == root || strings.HasPrefix(p, root+string(filepath.Separator))
}
