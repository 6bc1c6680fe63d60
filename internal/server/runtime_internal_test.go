package server

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC: the serve command's collector settings apply only where the
// environment chose none. (Not parallel: the settings are the process's.)
func TestTuneGC(t *testing.T) {
	prevPct := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(prevPct); debug.SetMemoryLimit(prevLimit) })

	set := TuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("GOGC unset: GC percent %d, want %d", got, serveGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != serveMemoryLimit {
		t.Errorf("GOMEMLIMIT unset: memory limit %d, want %d", got, serveMemoryLimit)
	}
	if len(set) != 4 {
		t.Errorf("got log fields %v, want gogc and gomemlimit", set)
	}

	debug.SetMemoryLimit(math.MaxInt64)
	env := map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}
	if set := TuneGC(func(k string) string { return env[k] }); len(set) != 0 {
		t.Errorf("both set in the environment: got %v, want nothing changed", set)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set: GC percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set: memory limit changed to %d", got)
	}
}
