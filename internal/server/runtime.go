package server

import (
	"runtime/debug"
	"strconv"
)

// GC settings for the serve command when the environment sets none. The
// server's live heap is small (about 7 MiB with its caches) and every
// delivery allocates about 90 KB that dies with it, so with Go's default
// GOGC=100 the collector ran every few dozen deliveries, and on a 2-core
// machine its mark phase was the largest part of the slowest 1% of
// deliveries (BenchmarkWebhookLoad: p99 4.6 ms at 3,000 deliveries a
// second, 2.6 ms with 400). The memory limit keeps a larger live heap
// (a very large repository's tree and blobs) from growing 5-fold before
// a collection.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 512 << 20
)

// TuneGC sets the collector for a long-running server: GOGC=400 and a
// soft memory limit of 512 MiB, each only when the environment (GOGC,
// GOMEMLIMIT) does not set it. It returns what it set, as log fields.
func TuneGC(getenv func(string) string) []any {
	var set []any
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
		set = append(set, "gogc", strconv.Itoa(serveGCPercent))
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
		set = append(set, "gomemlimit", "512MiB")
	}
	return set
}
