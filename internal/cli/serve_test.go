package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestServeRejectsBadEnvironmentValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string // all in the error
	}{
		{"schedule interval in words", map[string]string{"MENTORBOT_SCHEDULE_INTERVAL": "1 day"}, nil,
			[]string{`MENTORBOT_SCHEDULE_INTERVAL="1 day"`, "a duration", "--schedule-interval"}},
		{"workers not a number", map[string]string{"MENTORBOT_WORKERS": "abc"}, nil,
			[]string{`MENTORBOT_WORKERS="abc"`, "a whole number", "--workers"}},
		{"app id not a number", map[string]string{"MENTORBOT_APP_ID": "12x"}, nil,
			[]string{`MENTORBOT_APP_ID="12x"`, "a whole number"}},
		{"two bad values, both named", map[string]string{"MENTORBOT_QUEUE_SIZE": "lots", "MENTORBOT_JOB_TIMEOUT": "5"}, nil,
			[]string{`MENTORBOT_QUEUE_SIZE="lots"`, `MENTORBOT_JOB_TIMEOUT="5"`}},
		{"zero workers", map[string]string{"MENTORBOT_WORKERS": "0"}, nil,
			[]string{"--workers (MENTORBOT_WORKERS): want at least 1"}},
		{"negative flag", nil, []string{"--recover-interval", "-1m"},
			[]string{"--recover-interval", "0 to disable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errb bytes.Buffer
			st := &State{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return tt.env[k] },
				Now: func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }}
			code := Main(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...), st)
			if code != ExitUsage {
				t.Fatalf("got exit code %d, want %d (stderr %q)", code, ExitUsage, errb.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("got stderr %q, want it to contain %q", errb.String(), w)
				}
			}
		})
	}
}

func TestServeFlagWinsOverEnvironment(t *testing.T) {
	t.Parallel()
	fs := newFlags(&State{Stderr: &bytes.Buffer{}}, "serve", "")
	var workers int
	fs.IntVar(&workers, "workers", 4, "")
	if err := envFlags(fs, func(k string) string { return map[string]string{"MENTORBOT_WORKERS": "7"}[k] }); err != nil {
		t.Fatal(err)
	}
	if workers != 7 {
		t.Errorf("got %d workers from the environment, want 7", workers)
	}
	if err := parseFlags(fs, []string{"--workers", "9"}); err != nil || workers != 9 {
		t.Errorf("got %d workers (%v), want the flag's 9", workers, err)
	}
}
