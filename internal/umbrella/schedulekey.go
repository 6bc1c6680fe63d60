package umbrella

import (
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/term"
)

// DateFor returns the timeline row a schedule key dates: the row with that
// key, else the first row whose activity matches the key's configured
// activity words (umbrella.schedule_keys). Task due dates and deadline
// reminders both find their deadline with it.
func DateFor(rows []Date, cfg *config.Config, key string) (Date, bool) {
	for _, d := range rows {
		if d.Key == key && !d.Start.IsZero() {
			return d, true
		}
	}
	words, ok := cfg.Umbrella.ScheduleKeys[key]
	if !ok {
		return Date{}, false
	}
	for _, d := range rows {
		if d.Key == "" && !d.Start.IsZero() && term.MatchActivity(words, d.Activity) {
			return d, true
		}
	}
	return Date{}, false
}
