// Package zone is mentorbot's one time-zone loader: every IANA name read
// from config, a timeline or the minutes is loaded through Load, from the
// tzdata embedded in the binary (a scratch image has no zoneinfo), once.
package zone

import (
	"sync"
	"time"
	_ "time/tzdata" // every schedule has a zone; scratch images have no zoneinfo
)

// locations caches loaded zones: time.LoadLocation parses a zip entry of
// the embedded tzdata on every call, and the same two or three zones are
// named on every time line of a timeline or the minutes.
var locations sync.Map // name -> *time.Location

// Load is time.LoadLocation, cached by name; an error is not cached (the
// name is reported by the caller, which knows where it was written).
func Load(name string) (*time.Location, error) {
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, l)
	return l, nil
}
