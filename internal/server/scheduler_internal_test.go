package server

import (
	"testing"
	"time"
)

// TestSlots: hourly ticks over two weeks from a Wednesday make the weekly
// job due twice (the first tick of each Monday); a process started just
// after Monday 00:00 runs it at once, one started mid-week waits; a
// negative period never runs.
func TestSlots(t *testing.T) {
	t.Parallel()
	week := 7 * 24 * time.Hour
	wed := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	mon := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		every time.Duration
		start time.Time
		ticks int
		want  []time.Time
	}{
		{"mid-week start", week, wed, 24 * 14, []time.Time{mon, mon.Add(week)}},
		{"just after Monday", week, mon.Add(10 * time.Minute), 3, []time.Time{mon.Add(10 * time.Minute)}},
		{"daily", 24 * time.Hour, wed, 48, []time.Time{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}},
		{"disabled", -1, mon, 24 * 14, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newSlots(tt.every, tt.start.Add(-time.Hour))
			var got []time.Time
			for i := 0; i < tt.ticks; i++ {
				at := tt.start.Add(time.Duration(i) * time.Hour)
				if w.due("o/r", at) {
					got = append(got, at)
					w.ran("o/r", at)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got runs at %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Equal(tt.want[i]) {
					t.Errorf("run %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
	// A failed run is not recorded: due again on the next tick.
	w := newSlots(week, wed)
	if !w.due("o/r", mon) || !w.due("o/r", mon.Add(time.Hour)) {
		t.Error("got not due after an unrecorded run, want due until one is recorded")
	}
}
