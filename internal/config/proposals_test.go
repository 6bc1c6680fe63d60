package config

import (
	"strings"
	"testing"
)

func TestProposalsConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		yaml    string
		wantErr string
		check   func(t *testing.T, c *Config)
	}{
		{
			name: "defaults",
			check: func(t *testing.T, c *Config) {
				if got, want := c.Proposals.Form, ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml"; got != want {
					t.Errorf("got form %q, want %q", got, want)
				}
				if got, want := c.Proposals.Quota.Overrides["kubernetes"], 8; got != want {
					t.Errorf("got kubernetes quota %d, want %d", got, want)
				}
			},
		},
		{
			name: "form and projects set",
			yaml: "proposals:\n  form: \"\"\n  projects: [Argo, Flux]\n",
			check: func(t *testing.T, c *Config) {
				if c.Proposals.Form != "" || len(c.Proposals.Projects) != 2 {
					t.Errorf("got form %q and projects %v, want none and two", c.Proposals.Form, c.Proposals.Projects)
				}
			},
		},
		{
			name:    "negative override",
			yaml:    "proposals:\n  quota:\n    overrides:\n      argo: -1\n      flux: -2\n",
			wantErr: "mentorbot.yml:4: proposals.quota.overrides.argo must not be negative\nmentorbot.yml:5: proposals.quota.overrides.flux must not be negative",
		},
		{
			name:    "unknown key",
			yaml:    "proposals:\n  quotas: 3\n",
			wantErr: `unknown key "quotas" in section proposals`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse([]byte(tt.yaml), "mentorbot.yml")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			tt.check(t, c)
		})
	}
}
