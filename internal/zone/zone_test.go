package zone

import (
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		wantErr bool
	}{
		{"America/Los_Angeles", false},
		{"UTC", false},
		{"Asia/Kolkata", false},
		{"Mars/Olympus_Mons", true},
		{"../../etc/passwd", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first, err := Load(tc.name)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Load(%q): got error %v, want error %v", tc.name, err, tc.wantErr)
			}
			if err != nil {
				return
			}
			want, _ := time.LoadLocation(tc.name)
			at := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
			if got, want := at.In(first).Format(time.RFC3339), at.In(want).Format(time.RFC3339); got != want {
				t.Errorf("Load(%q): got %s, want %s", tc.name, got, want)
			}
			if again, _ := Load(tc.name); again != first {
				t.Errorf("Load(%q) twice: got two locations, want the cached one", tc.name)
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load("America/Los_Angeles"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAbbrevs holds every abbreviation that claims a season to the tz
// database: the zone really uses it (at its nominal offset) in that half
// of the year, and Other in the other half.
func TestAbbrevs(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		a, _ := Lookup(name)
		loc, err := Load(a.Zone)
		if err != nil {
			t.Errorf("%s: zone %s: %v", name, a.Zone, err)
			continue
		}
		if a.DST == AllYear {
			continue
		}
		found, other := false, false
		for m := time.January; m <= time.December; m++ {
			abbr, off := time.Date(2026, m, 15, 12, 0, 0, 0, loc).Zone()
			if strings.EqualFold(abbr, name) && off == a.Offset {
				found = true
			}
			if abbr == a.Other {
				other = true
			}
		}
		if !found || !other {
			t.Errorf("%s: got %s using it at offset %d: %v, and %s: %v; want both", name, a.Zone, a.Offset, found, a.Other, other)
		}
	}
}
