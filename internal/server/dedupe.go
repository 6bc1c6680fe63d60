package server

import (
	"sync"
	"time"
)

// dedupe remembers deliveries: in flight (queued or running) and handled.
// A delivery is marked handled only when its job succeeds, so redelivering
// a failed event runs it again.
type dedupe struct {
	mu       sync.Mutex
	window   time.Duration
	now      func() time.Time
	handled  map[string]time.Time
	inFlight map[string]bool
	lastGC   time.Time
}

func newDedupe(window time.Duration, now func() time.Time) *dedupe {
	return &dedupe{window: window, now: now, handled: map[string]time.Time{}, inFlight: map[string]bool{}}
}

// begin claims a delivery id. It returns false when the delivery was
// handled within the window or is in flight.
func (d *dedupe) begin(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.gc(now)
	if at, ok := d.handled[id]; ok && now.Sub(at) < d.window {
		return false
	}
	if d.inFlight[id] {
		return false
	}
	d.inFlight[id] = true
	return true
}

// finish releases a claim; ok marks the delivery handled.
func (d *dedupe) finish(id string, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.inFlight, id)
	if ok {
		d.handled[id] = d.now()
	}
}

// gc drops expired entries, at most once a minute.
func (d *dedupe) gc(now time.Time) {
	if now.Sub(d.lastGC) < time.Minute {
		return
	}
	d.lastGC = now
	for id, at := range d.handled {
		if now.Sub(at) >= d.window {
			delete(d.handled, id)
		}
	}
}
