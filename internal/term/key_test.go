package term

import "testing"

func TestKeyAndSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, key, slug string }{
		{"Custom Prerequisite — File Upload", "custom prerequisite file upload", "custom-prerequisite-file-upload"},
		{"custom prerequisite - file upload:", "custom prerequisite file upload", "custom-prerequisite-file-upload"},
		{"2.1 [Announce] Applications open", "2 1 announce applications open", "2-1-announce-applications-open"},
		{"Open Policy Agent (OPA)", "open policy agent opa", "open-policy-agent-opa"},
		{"  --Ünïcode  Ärger--  ", "ünïcode ärger", "ünïcode-ärger"},
		{"İSTANBUL", "istanbul", "istanbul"},
		{"a\xffb", "a b", "a-b"},
		{"", "", ""},
		{"?!", "", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.key {
			t.Errorf("Key(%q): got %q, want %q", tt.in, got, tt.key)
		}
		if got := Slug(tt.in); got != tt.slug {
			t.Errorf("Slug(%q): got %q, want %q", tt.in, got, tt.slug)
		}
	}
}
