package server

import (
	"fmt"
	"testing"
	"time"
)

// TestDedupeIsBounded: handled ids are forgotten after the window, and
// beyond the cap the oldest go first; an id handled again is remembered
// from its last time.
func TestDedupeIsBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	d := newDedupe(time.Hour, 3, func() time.Time { return now })
	handle := func(id string) {
		t.Helper()
		if _, first, handled := d.begin(id); !first || handled {
			t.Fatalf("%s: got first %v handled %v, want a new delivery", id, first, handled)
		}
		d.finish(id, true)
	}
	for i := range 5 {
		handle(fmt.Sprint("d", i))
		now = now.Add(time.Minute)
	}
	if got := d.size(); got != 3 {
		t.Errorf("after 5 deliveries with a cap of 3: %d remembered, want 3", got)
	}
	if _, _, handled := d.begin("d0"); handled {
		t.Error("d0, the oldest beyond the cap, is still remembered")
	}
	d.finish("d0", false)
	if _, _, handled := d.begin("d4"); !handled {
		t.Error("d4, handled a minute ago, was forgotten")
	}
	// A failed delivery is not remembered, and one that then succeeds is.
	if _, first, _ := d.begin("x"); !first {
		t.Fatal("x: want a new delivery")
	}
	d.finish("x", false)
	handle("x")
	now = now.Add(59 * time.Minute)
	if _, _, handled := d.begin("x"); !handled {
		t.Error("x, handled 59 minutes ago within a 1-hour window, was forgotten")
	}
	now = now.Add(2 * time.Minute)
	d.begin("y")
	if got := d.size(); got != 0 {
		t.Errorf("after the window: %d ids remembered, want 0", got)
	}
}
