package server

import (
	"sync"
	"time"
)

// dedupe remembers deliveries: in flight (queued or running) and handled.
// A delivery is marked handled only when its job succeeds, so redelivering
// a failed event runs it again. A redelivery that finds the delivery in
// flight shares its outcome.
//
// Handled ids are kept for the window, and at most max of them (the
// oldest go first): forgetting one early costs only a rerun of an
// idempotent job, while an unbounded map would grow with every delivery
// of the window (72 hours of a busy organisation's).
type dedupe struct {
	mu       sync.Mutex
	window   time.Duration
	max      int
	now      func() time.Time
	handled  map[string]int64 // unix nanoseconds
	order    []handledID      // handled ids, oldest first
	inFlight map[string]*outcome
}

type handledID struct {
	id string
	at int64 // unix nanoseconds
}

// dedupeMax bounds the handled ids remembered, about 115 bytes each
// (5.5 MiB in all): 72 hours of 700 deliveries an hour.
const dedupeMax = 50_000

func newDedupe(window time.Duration, max int, now func() time.Time) *dedupe {
	return &dedupe{window: window, max: max, now: now, handled: map[string]int64{}, inFlight: map[string]*outcome{}}
}

// begin claims a delivery id. It reports handled when the delivery was
// handled within the window; otherwise it returns the delivery's outcome,
// new (first) or that of the copy in flight.
func (d *dedupe) begin(id string) (out *outcome, first, handled bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.expire(now)
	if at, ok := d.handled[id]; ok && now.UnixNano()-at < int64(d.window) {
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
	if !ok {
		return
	}
	now := d.now()
	d.handled[id] = now.UnixNano()
	d.order = append(d.order, handledID{id, now.UnixNano()})
	d.expire(now)
}

// expire forgets the handled ids older than the window, and the oldest
// beyond max. An id handled again (a redelivery after a failure) has
// several entries in order; only the one its time matches removes it.
func (d *dedupe) expire(now time.Time) {
	n := 0
	for n < len(d.order) && (now.UnixNano()-d.order[n].at >= int64(d.window) || len(d.order)-n > d.max) {
		if e := d.order[n]; d.handled[e.id] == e.at {
			delete(d.handled, e.id)
		}
		n++
	}
	if n > 0 {
		d.order = d.order[n:]
		// Let the dropped prefix go once it is most of the array.
		if cap(d.order) > 64 && len(d.order) < cap(d.order)/4 {
			d.order = append([]handledID(nil), d.order...)
		}
	}
}

// size returns how many handled ids are remembered (tests).
func (d *dedupe) size() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.handled)
}
