package zone

import (
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
