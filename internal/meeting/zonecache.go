package meeting

import (
	"sync"
	"time"
)

// locations caches loaded zones: time.LoadLocation parses the embedded
// tzdata on every call, and the minutes name the same two or three zones
// on every time line.
var locations sync.Map // name -> *time.Location

// loadLocation is time.LoadLocation, cached; errors are not cached.
func loadLocation(name string) (*time.Location, error) {
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
