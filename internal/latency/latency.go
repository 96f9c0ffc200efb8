// Package latency records how long each operation of a benchmark took and
// reports percentiles with testing.B.ReportMetric, because a mean hides the
// slow queries that users notice.
package latency

import (
	"slices"
	"testing"
	"time"
)

// Recorder collects durations. The zero value is ready to use.
type Recorder struct {
	d []time.Duration
}

// Add records one duration.
func (r *Recorder) Add(d time.Duration) { r.d = append(r.d, d) }

// Since records the time since start.
func (r *Recorder) Since(start time.Time) { r.Add(time.Since(start)) }

// Len is how many durations were recorded.
func (r *Recorder) Len() int { return len(r.d) }

// Quantile returns the q-quantile (0 <= q <= 1) by the nearest-rank
// method, or 0 when nothing was recorded.
func (r *Recorder) Quantile(q float64) time.Duration {
	if len(r.d) == 0 {
		return 0
	}
	s := slices.Clone(r.d)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Report adds the percentiles to the benchmark's output in milliseconds,
// as p50-ms, p95-ms and p99-ms, and how many samples they come from.
func (r *Recorder) Report(b *testing.B) {
	for _, p := range []struct {
		q    float64
		unit string
	}{{0.50, "p50-ms"}, {0.95, "p95-ms"}, {0.99, "p99-ms"}} {
		b.ReportMetric(Millis(r.Quantile(p.q)), p.unit)
	}
}

// Millis is d in milliseconds.
func Millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
