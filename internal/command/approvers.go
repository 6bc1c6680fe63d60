package command

import (
	"strings"

	"github.com/mentorbot/mentorbot/internal/proposal"
)

// Unlisted returns the people whose /approve in the issue's comments the
// config's approvers (and approvers.yml, once merged in) do not allow: the
// loader then reads the maintainer rosters (the project's .project and the
// foundation's list) to know whether they count. Reading the rosters only
// then keeps an event whose approvers are all listed as cheap as before.
func Unlisted(in *Input) []string {
	if !proposal.IsProposal(in.Issue, in.Config) {
		return nil
	}
	m := newMachine(in, proposal.Parse(in.Issue.Body), 0)
	var out []string
	for _, c := range in.Comments {
		if in.isBot(c.Author) {
			continue
		}
		for _, cmd := range Parse(c.Body) {
			if cmd.Name != Approve || strings.EqualFold(strings.TrimSpace(cmd.Rest), "cancel") {
				continue
			}
			if ok, _ := m.mayApprove(c.Author); !ok && !containsFold(out, c.Author) {
				out = append(out, c.Author)
			}
		}
	}
	return out
}
