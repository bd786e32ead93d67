package benchmarks

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/symlinkgo/symlink"
)

// BenchmarkReconcile keeps a forest of links (20 000 over 200 directories;
// see forest) equal to a description with symlink.Reconcile, and reports
// the time per link (ns/link):
//
//   - unchanged: every link is right: one readlink each, nothing written,
//     the ledger included; against a loop of os.Readlink over the same
//     paths, the least a program can do to find that out;
//   - one-percent: each op changes the content of 1% of the links (a
//     different 1% each time), and writes only those links and the ledger.
func BenchmarkReconcile(b *testing.B) {
	n, _ := forest()
	setup := func(b *testing.B) (ledger string, paths []string, want map[string]string) {
		dir := benchDir(b)
		paths = forestPaths(b, dir)
		want = make(map[string]string, len(paths))
		for _, p := range paths {
			want[p] = "target"
		}
		ledger = filepath.Join(dir, "ledger")
		if _, err := symlink.Reconcile(context.Background(), ledger, want); err != nil {
			b.Fatal(err)
		}
		return ledger, paths, want
	}
	perLink := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/link")
	}
	b.Run("job=unchanged/impl=os.Readlink", func(b *testing.B) {
		_, paths, _ := setup(b)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range paths {
				if c, err := os.Readlink(p); err != nil || c != "target" {
					b.Fatal(c, err)
				}
			}
		}
		perLink(b)
	})
	b.Run("job=unchanged/impl=symlink", func(b *testing.B) {
		ledger, _, want := setup(b)
		b.ReportAllocs()
		for b.Loop() {
			res, err := symlink.Reconcile(context.Background(), ledger, want)
			if err != nil || res[0].Action != symlink.Unchanged {
				b.Fatal(res[0], err)
			}
		}
		perLink(b)
	})
	b.Run("job=one-percent/impl=symlink", func(b *testing.B) {
		ledger, paths, want := setup(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			// The links i, i+100, i+200, … get the op's content.
			content := "target-" + string(rune('a'+i%26))
			for j := i % 100; j < len(paths); j += 100 {
				want[paths[j]] = content
			}
			if _, err := symlink.Reconcile(context.Background(), ledger, want, symlink.WithReplace()); err != nil {
				b.Fatal(err)
			}
		}
		perLink(b)
	})
}
