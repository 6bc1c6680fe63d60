package cli

import (
	"context"

	"github.com/mentorbot/mentorbot/internal/runner"
)

// The plan sections of the dates jobs: deadline reminders, the meeting
// announcement and the committed calendar files.

func planReminders(ctx context.Context, env *runner.Env, _ planOptions) ([]*runner.Result, error) {
	res, err := runner.Reminders(ctx, env)
	if err != nil {
		return nil, err
	}
	return []*runner.Result{res}, nil
}

func planAnnounce(ctx context.Context, env *runner.Env, _ planOptions) ([]*runner.Result, error) {
	res, err := runner.Announce(ctx, env)
	if err != nil {
		return nil, err
	}
	return []*runner.Result{res}, nil
}

func planCalendarFiles(ctx context.Context, env *runner.Env, _ planOptions) ([]*runner.Result, error) {
	res, err := runner.CalendarFiles(ctx, env)
	if err != nil {
		return nil, err
	}
	return []*runner.Result{res}, nil
}
