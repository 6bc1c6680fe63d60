package githubapi

import "testing"

func TestGraphQLURL(t *testing.T) {
	t.Parallel()
	for api, want := range map[string]string{
		"":                               "https://api.github.com/graphql",
		"https://api.github.com":         "https://api.github.com/graphql",
		"https://ghe.example.org/api/v3": "https://ghe.example.org/api/graphql",
		"http://127.0.0.1:4000":          "http://127.0.0.1:4000/graphql",
	} {
		c, err := NewClient("t", api, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := GraphQLURL(c); got != want {
			t.Errorf("%q: got %s, want %s", api, got, want)
		}
	}
}
