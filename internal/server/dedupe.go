package server

import (
	"sync"
	"time"
)

// dedupe remembers deliveries: in flight (queued or running) and handled.
// A delivery is marked handled only when its job succeeds, so redelivering
// a failed event runs it again. A redelivery that finds the delivery in
// flight shares its outcome.
type dedupe struct {
	mu       sync.Mutex
	window   time.Duration
	now      func() time.Time
	handled  map[string]time.Time
	inFlight map[string]*outcome
	lastGC   time.Time
}

func newDedupe(window time.Duration, now func() time.Time) *dedupe {
	return &dedupe{window: window, now: now, handled: map[string]time.Time{}, inFlight: map[string]*outcome{}}
}

// begin claims a delivery id. It reports handled when the delivery was
// handled within the window; otherwise it returns the delivery's outcome,
// new (first) or that of the copy in flight.
func (d *dedupe) begin(id string) (out *outcome, first, handled bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.gc(now)
	if at, ok := d.handled[id]; ok && now.Sub(at) < d.window {
		return nil, false, true
	}
	if o, ok := d.inFlight[id]; ok {
		return o, false, false
	}
	o := newOutcome()
	d.inFlight[id] = o
	return o, true, false
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
