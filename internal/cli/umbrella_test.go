package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestUmbrellaDryRun(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "umbrella", "--repo", "../../examples/mentoring", "--term", "2027-1")
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, errOut)
	}
	golden(t, "umbrella.text.golden", []byte(out))
}

func TestUmbrellaJSON(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "umbrella", "--repo", "../../examples/mentoring", "--format", "json", "--mentee", "alice,bob")
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, errOut)
	}
	var res struct {
		Job     string            `json:"job"`
		Outputs map[string]string `json:"outputs"`
		Plan    struct {
			Actions []struct {
				Kind string `json:"kind"`
			} `json:"actions"`
		} `json:"plan"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
	// The example config does not turn onboarding on: mentees change nothing.
	if got, want := res.Outputs["issues_to_create"], "30"; got != want {
		t.Errorf("got issues_to_create %s, want %s", got, want)
	}
	if got, want := res.Outputs["terms"], "2027-1"; got != want {
		t.Errorf("got terms %s, want %s", got, want)
	}
	if got, want := len(res.Plan.Actions), 4+30+29; res.Job != "umbrella" || got != want {
		t.Errorf("got job %q with %d actions, want umbrella with %d", res.Job, got, want)
	}
}

func TestUmbrellaUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--term", "2027"}, `term "2027": want YYYY-N`},
		{[]string{"--term", "2031-2"}, "the term has no folder in --repo"},
		{[]string{"--apply"}, "--apply needs --github"},
		{[]string{"--github", "nope"}, `--github "nope" is not OWNER/REPO`},
	} {
		_, errOut, code := run(t, append([]string{"umbrella", "--repo", "../../examples/mentoring"}, tc.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("umbrella %v: got exit %d, stderr %q; want %d naming %q", tc.args, code, errOut, ExitUsage, tc.want)
		}
	}
}
