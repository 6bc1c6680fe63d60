package zone

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Clock
		noClock bool   // wraps ErrNoClock
		wantErr string // other error
	}{
		{in: "10:00", want: Clock{Hour: 10}},
		{in: "21:00", want: Clock{Hour: 21}},
		{in: "10.30", want: Clock{Hour: 10, Minute: 30}},
		{in: "10AM", want: Clock{Hour: 10}},
		{in: "8:30 am", want: Clock{Hour: 8, Minute: 30}},
		{in: "12 a.m.", want: Clock{Hour: 0}},
		{in: "12PM", want: Clock{Hour: 12}},
		{in: "9PM", want: Clock{Hour: 21}},
		{in: "18:00 UTC", want: Clock{Hour: 18, Zone: "UTC"}},
		{in: "18:00Z", want: Clock{Hour: 18, Zone: "Z"}},
		{in: "11 AM PDT", want: Clock{Hour: 11, Zone: "PDT"}},
		{in: "11:00 AM PST (19:00 UTC)", want: Clock{Hour: 11, Zone: "PST", HasUTC: true, UTCHour: 19}},
		{in: "18:00 CEST (16:00 UTC)", want: Clock{Hour: 18, Zone: "CEST", HasUTC: true, UTCHour: 16}},
		{in: "10:00 AM Pacific Time", want: Clock{Hour: 10, Zone: "Pacific Time"}},
		{in: "11:00 XYZ", want: Clock{Hour: 11, Zone: "XYZ"}}, // the caller names the unknown zone
		{in: "10", want: Clock{Hour: 10}},                     // a whole field of one number is an hour
		{in: "Times TBD (will be multiple timezone options)", noClock: true},
		{in: "", noClock: true},
		{in: "13PM", wantErr: `"13PM" is not a time of day`},
		{in: "0 AM", wantErr: `"0 AM" is not a time of day`},
		{in: "25:00", wantErr: `"25:00" is not a time of day`},
		{in: "10:61", wantErr: `"10:61" is not a time of day`},
		{in: "11:00 AM PST (25:00 UTC)", wantErr: `25:00 is not a time of day`},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		switch {
		case tt.noClock:
			if !errors.Is(err, ErrNoClock) {
				t.Errorf("ParseClock(%q): got %+v, %v; want ErrNoClock", tt.in, got, err)
			}
		case tt.wantErr != "":
			if err == nil || errors.Is(err, ErrNoClock) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseClock(%q): got error %v, want %q", tt.in, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("ParseClock(%q): %v", tt.in, err)
		default:
			tt.want.Text = tt.in
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseClock(%q) (-want +got):\n%s", tt.in, diff)
			}
		}
	}
}

func TestFindClocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want []Clock
	}{
		{"10:00 AM Pacific Time (18:00 UTC on 2024-12-19)", []Clock{
			{Hour: 10, Zone: "Pacific Time", Text: "10:00 AM Pacific Time"},
			{Hour: 18, Zone: "UTC", Date: "2024-12-19", Text: "18:00 UTC on 2024-12-19"},
		}},
		{"**Time:** 2:00 PM PDT on 2024-07-09 / 21:00 UTC", []Clock{
			{Hour: 14, Zone: "PDT", Date: "2024-07-09", Text: "2:00 PM PDT on 2024-07-09"},
			{Hour: 21, Zone: "UTC", Text: "21:00 UTC"},
		}},
		{"9AM nzdt", []Clock{{Hour: 9, Zone: "nzdt", Text: "9AM nzdt"}}},
		// No time: a bare number, a version, a zone not in the table, 13 PM.
		{"Go 1.20 UTC, 10 UTC, 10:00 Mars, 13 PM PST", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, FindClocks(tt.line)); diff != "" {
			t.Errorf("FindClocks(%q) (-want +got):\n%s", tt.line, diff)
		}
	}
}

func TestClockOn(t *testing.T) {
	t.Parallel()
	la, _ := Load("America/Los_Angeles")
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	local, _ := ParseClock("11 AM")
	utc, _ := ParseClock("18:00 GMT")
	if got := local.On(day, la); !got.Equal(time.Date(2026, 1, 15, 19, 0, 0, 0, time.UTC)) {
		t.Errorf("11 AM on 15 January in Los Angeles: got %v, want 19:00 UTC", got)
	}
	if got := utc.On(day, la); !got.Equal(time.Date(2026, 1, 15, 18, 0, 0, 0, time.UTC)) || !utc.UTC() {
		t.Errorf("18:00 GMT: got %v (UTC %v), want 18:00 UTC", got, utc.UTC())
	}
}

func TestLabelAndParse(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Pacific Time", "pt", "PDT", "Pacific", "America/Los_Angeles"} {
		loc, ok := Parse(name)
		if !ok || loc.String() != "America/Los_Angeles" {
			t.Errorf("Parse(%q): got %v, %v; want America/Los_Angeles", name, loc, ok)
		} else if got := Label(loc); got != "Pacific Time" {
			t.Errorf("Label(%v): got %q, want Pacific Time", loc, got)
		}
	}
	for _, name := range []string{"Mars Time", "Pacific/Nowhere", ""} {
		if loc, ok := Parse(name); ok {
			t.Errorf("Parse(%q): got %v, want no zone", name, loc)
		}
	}
	tokyo, _ := Load("Asia/Tokyo")
	if got := Label(tokyo); got != "Asia/Tokyo" {
		t.Errorf("Label(Asia/Tokyo): got %q, want the IANA name", got)
	}
}
