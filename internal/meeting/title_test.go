package meeting

import "testing"

func TestFrontMatterTitle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
		ok              bool
	}{
		{"quoted with year", "---\ntitle: \"Mentoring WG (2026)\"\nlayout: x\n---\n# Notes\n", "Mentoring WG", true},
		{"plain", "---\ntitle: TAG Meeting  \n---\n", "TAG Meeting", true},
		{"only a year", "---\ntitle: '(2024)'\n---\n", "", true},
		{"title outside the front matter", "---\nlayout: x\n---\ntitle: Not this\n", "", false},
		{"no front matter", "title: Not this\n", "", false},
		{"unclosed front matter", "---\ntitle: Not this\n", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		got, ok := FrontMatterTitle([]byte(tt.src))
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %q, %v, want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
