package githubapi

import (
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/shurcooL/githubv4"
)

// GraphQLURL returns the GraphQL endpoint that goes with a go-github
// client's REST base URL: https://api.github.com/graphql for github.com,
// https://HOST/api/graphql for Enterprise (REST at /api/v3/), and BASE/graphql
// for anything else (the fake GitHub serves REST from its root).
func GraphQLURL(c *github.Client) string {
	base := c.BaseURL.String()
	switch {
	case strings.TrimRight(base, "/") == "https://api.github.com":
		return "https://api.github.com/graphql"
	case strings.HasSuffix(base, "/api/v3/"):
		return strings.TrimSuffix(base, "/api/v3/") + "/api/graphql"
	}
	return strings.TrimRight(base, "/") + "/graphql"
}

// NewGraphQL returns a githubv4 client that talks to the GraphQL endpoint of
// c with c's HTTP client: the same token (an installation's, the Action's)
// and the same retrying transport as REST.
func NewGraphQL(c *github.Client) *githubv4.Client {
	return githubv4.NewEnterpriseClient(GraphQLURL(c), c.Client())
}
