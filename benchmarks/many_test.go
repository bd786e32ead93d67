package benchmarks

import (
	"os"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"
)

// BenchmarkManyLinks fills one empty directory with n links, one op being
// the n links. It reports the time per link (ns/link) and the highest the
// heap rose, live or not yet collected, above where it stood before the
// first link (peak-heap-B); B/op over n is the bytes allocated per link.
// Flat from 1 000 to 100 000 links means that the library keeps nothing per
// link and that its cost does not grow with the directory. os.Symlink is the same work without the library, for the
// share of the growth that belongs to the file system.
//
// The 100 000 case runs only when SYMLINK_BENCH_LARGE is set: on a busy
// disk one pass of it takes minutes.
func BenchmarkManyLinks(b *testing.B) {
	ns := []int{1_000, 10_000}
	if os.Getenv("SYMLINK_BENCH_LARGE") != "" {
		ns = append(ns, 100_000)
	}
	for _, n := range ns {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for _, m := range creators {
				b.Run(m.name, func(b *testing.B) {
					root := benchDir(b)
					var elapsed time.Duration
					var peak uint64
					b.ReportAllocs()
					for i := 0; b.Loop(); i++ {
						// Each op fills a new directory; the last one is
						// removed first, with the timer stopped.
						b.StopTimer()
						paths := names(opDir(b, root, i), n)
						h := newHeapPeak()
						b.StartTimer()
						start := time.Now()
						for i, p := range paths {
							if err := m.create("target", p); err != nil {
								b.Fatal(err)
							}
							if i%1000 == 999 {
								h.sample()
							}
						}
						elapsed += time.Since(start)
						peak = max(peak, h.sample())
					}
					links := float64(b.N) * float64(n)
					b.ReportMetric(float64(elapsed.Nanoseconds())/links, "ns/link")
					b.ReportMetric(float64(peak), "peak-heap-B")
				})
			}
		})
	}
}

// heapPeak follows the bytes in live heap objects from a starting point.
type heapPeak struct {
	s          []metrics.Sample
	start, max uint64
}

// heapObjects is the runtime metric for the bytes held by heap objects,
// live or not yet swept: what the heap holds at this moment.
const heapObjects = "/memory/classes/heap/objects:bytes"

func newHeapPeak() *heapPeak {
	h := &heapPeak{s: []metrics.Sample{{Name: heapObjects}}}
	metrics.Read(h.s)
	h.start = h.s[0].Value.Uint64()
	return h
}

// sample reads the heap and returns the highest growth seen so far.
func (h *heapPeak) sample() uint64 {
	metrics.Read(h.s)
	if v := h.s[0].Value.Uint64(); v > h.start {
		h.max = max(h.max, v-h.start)
	}
	return h.max
}
