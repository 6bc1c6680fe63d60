package server

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
)

// The recovery loop uses GitHub's delivery log as the durable record of
// deliveries, instead of a queue of mentorbot's own. Every delivery
// answered with a failure (5xx, a timeout, a refused connection: a crash,
// a shutdown, a GitHub outage during handling) stays failed in that log;
// the loop lists the app's recent deliveries and asks GitHub to redeliver
// each failed one. A redelivery keeps the delivery's guid.
//
// A guid is redelivered when its latest attempt failed (other than a 400
// or 413: a redelivery would be refused the same way) and is older than
// RecoverGrace, doubled for each further attempt (1m, 2m, 4m, ... capped
// at an hour), and only while it has fewer than RecoverAttempts attempts.
// A replica remembers what it asked for, so it asks once per failed
// attempt; two replicas see the same log and the redelivery's attempt
// settles it for both. They can both ask only when their passes fall
// within the few seconds between one's request and the redelivery's
// attempt appearing in the log; a second redelivery is then answered from
// the dedupe set or repeats idempotent work.
//
// A delivery answered 202 (still running after AnswerWithin) that fails
// afterwards is a success in GitHub's log: this replica remembers it and
// redelivers it on its next pass (at once, and on shutdown).
type recovery struct {
	mu        sync.Mutex
	late      map[string]time.Time // guid -> when it failed after a 2xx answer
	requested map[string]time.Time // guid -> when this replica asked for a redelivery
	gaveUp    map[string]bool
	poke      chan struct{}
}

func newRecovery() *recovery {
	return &recovery{late: map[string]time.Time{}, requested: map[string]time.Time{}, gaveUp: map[string]bool{},
		poke: make(chan struct{}, 1)}
}

func (r *recovery) lateFailure(guid string, at time.Time) {
	r.mu.Lock()
	r.late[guid] = at
	r.mu.Unlock()
	select {
	case r.poke <- struct{}{}:
	default:
	}
}

func (r *recovery) pendingLate() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.late)
}

// RecoverReport says what one recovery pass did.
type RecoverReport struct {
	Listed      int      // delivery attempts listed
	Redelivered []string // guids GitHub was asked to redeliver
	GaveUp      []string // guids that failed RecoverAttempts times
}

// maxRecoverPages bounds one pass: 20 pages of 100 attempts.
const maxRecoverPages = 20

// Recover runs one pass of the recovery loop: it lists the app's
// deliveries of the last RecoverLookback (GET /app/hook/deliveries, as
// the app) and asks GitHub to redeliver those that failed (POST
// /app/hook/deliveries/{id}/attempts). The loop calls it every
// RecoverInterval; it is exported for tools and tests.
func (s *Server) Recover(ctx context.Context) (RecoverReport, error) {
	var rep RecoverReport
	gh, err := s.clients.appClient()
	if err != nil {
		return rep, err
	}
	now := s.opts.Clock()
	attempts, listed, err := s.listDeliveries(ctx, gh, now.Add(-s.opts.RecoverLookback))
	rep.Listed = listed
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, guid := range sortedKeys(attempts) {
		reason, id := s.decide(guid, attempts[guid], now)
		switch reason {
		case "":
			continue
		case "gave_up":
			rep.GaveUp = append(rep.GaveUp, guid)
			continue
		}
		if _, _, err := gh.Apps.RedeliverHookDelivery(ctx, id); err != nil && !isAccepted(err) {
			s.m.redelivered.WithLabelValues(reason, "error").Inc()
			errs = append(errs, fmt.Errorf("redelivering %s: %w", guid, err))
			continue
		}
		s.m.redelivered.WithLabelValues(reason, "ok").Inc()
		s.log.Info("asked GitHub to redeliver", "delivery", guid, "reason", reason)
		s.rec.mu.Lock()
		s.rec.requested[guid] = now
		delete(s.rec.late, guid)
		s.rec.mu.Unlock()
		rep.Redelivered = append(rep.Redelivered, guid)
	}
	s.rec.prune(now, s.opts.RecoverLookback, attempts, s.log.Error)
	return rep, errors.Join(errs...)
}

func isAccepted(err error) bool {
	var ae *github.AcceptedError
	return errors.As(err, &ae)
}

// listDeliveries returns the attempts since a time, grouped by guid and
// newest first.
func (s *Server) listDeliveries(ctx context.Context, gh *github.Client, since time.Time) (map[string][]*github.HookDelivery, int, error) {
	byGUID := map[string][]*github.HookDelivery{}
	listed := 0
	opt := &github.ListCursorOptions{PerPage: 100}
	for range maxRecoverPages {
		page, resp, err := gh.Apps.ListHookDeliveries(ctx, opt)
		if err != nil {
			return nil, listed, fmt.Errorf("listing the app's deliveries: %w", err)
		}
		listed += len(page)
		older := false
		for _, d := range page {
			if d.GetDeliveredAt().Before(since) {
				older = true
				continue
			}
			byGUID[d.GetGUID()] = append(byGUID[d.GetGUID()], d)
		}
		if older || len(page) == 0 || resp.Cursor == "" {
			break
		}
		opt.Cursor = resp.Cursor
	}
	for _, as := range byGUID {
		sort.Slice(as, func(i, j int) bool { return as[i].GetID() > as[j].GetID() })
	}
	return byGUID, listed, nil
}

// decide says why a guid is to be redelivered ("" for not), and which
// attempt to redeliver. attempts are newest first.
func (s *Server) decide(guid string, attempts []*github.HookDelivery, now time.Time) (reason string, id int64) {
	latest := attempts[0]
	at := latest.GetDeliveredAt().Time
	r := s.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	if asked, ok := r.requested[guid]; ok && asked.After(at) && now.Sub(asked) < 10*time.Minute {
		return "", 0 // asked already; its attempt is not in the log yet
	}
	lateAt, late := r.late[guid]
	switch code := latest.GetStatusCode(); {
	case code >= 200 && code < 300:
		if late && !at.After(lateAt) {
			return "late_failure", latest.GetID()
		}
		delete(r.late, guid)
		return "", 0
	case code == 400 || code == 413:
		return "", 0 // refused as malformed or too large: the same again
	}
	if len(attempts) >= s.opts.RecoverAttempts {
		if !r.gaveUp[guid] {
			r.gaveUp[guid] = true
			s.log.Error("delivery failed every attempt: given up; redeliver it by hand once the cause is fixed",
				"delivery", guid, "attempts", len(attempts), "event", latest.GetEvent(), "status", latest.GetStatus())
		}
		delete(r.late, guid)
		return "gave_up", 0
	}
	wait := min(s.opts.RecoverGrace<<(len(attempts)-1), time.Hour)
	if now.Sub(at) < wait {
		return "", 0
	}
	return "failed", latest.GetID()
}

// prune forgets what is older than the lookback; a late failure the log
// never showed within it is lost, and said so.
func (r *recovery) prune(now time.Time, lookback time.Duration, seen map[string][]*github.HookDelivery, logErr func(string, ...any)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for g, at := range r.requested {
		if now.Sub(at) > lookback {
			delete(r.requested, g)
		}
	}
	for g, at := range r.late {
		if _, ok := seen[g]; !ok && now.Sub(at) > lookback {
			logErr("a delivery answered 202 failed and is not in GitHub's log: redeliver it by hand", "delivery", g)
			delete(r.late, g)
		}
	}
	for g := range r.gaveUp {
		if _, ok := seen[g]; !ok {
			delete(r.gaveUp, g)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// recoverLoop runs Recover every RecoverInterval, first after a random
// part of it (so that replicas are out of phase), and at once when a
// delivery answered 202 failed.
func (s *Server) recoverLoop() {
	defer s.wg.Done()
	t := time.NewTimer(rand.N(s.opts.RecoverInterval))
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			t.Reset(s.opts.RecoverInterval)
		case <-s.rec.poke:
		}
		ctx, cancel := context.WithTimeout(s.baseCtx, time.Minute)
		rep, err := s.Recover(ctx)
		cancel()
		if err != nil {
			s.log.Error("recovery pass failed; next pass retries", "err", err, "redelivered", len(rep.Redelivered))
			continue
		}
		if len(rep.Redelivered) > 0 || len(rep.GaveUp) > 0 {
			s.log.Info("recovery pass", "listed", rep.Listed, "redelivered", len(rep.Redelivered), "gave_up", len(rep.GaveUp))
		}
	}
}
