package announce

import (
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// closeAction closes an announcement: reason is the issue's state reason
// ("completed" once the meeting is over, "not_planned" when it was
// cancelled), which a discussion writes as RESOLVED or OUTDATED.
func closeAction(in Input, x Issue, reason string) plan.Action {
	if !in.Discussion {
		return plan.CloseIssue{Issue: plan.Issue(x.Number), Reason: reason}
	}
	r := "RESOLVED"
	if reason == "not_planned" {
		r = "OUTDATED"
	}
	return plan.CloseDiscussion{ID: x.NodeID, Number: x.Number, Reason: r}
}

// editAction keeps an announcement's title and body. An issue's is
// compared by the executor (EditIssue writes only a difference); a
// discussion's here, from what the loader read, so that a re-run makes no
// GraphQL write.
func editAction(in Input, x Issue, occ meeting.Occurrence, title, body string) []plan.Action {
	if !in.Discussion {
		return []plan.Action{plan.EditIssue{Issue: plan.Issue(x.Number), Marker: Marker(occ.Date), Title: title, Body: body}}
	}
	if x.Title == title && x.Body == body {
		return nil
	}
	return []plan.Action{plan.UpdateDiscussion{ID: x.NodeID, Number: x.Number, Title: title, Body: body}}
}
