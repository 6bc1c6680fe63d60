package githubtest

import (
	"math/rand"
	"net/http"
	"strings"
)

// FaultKind is one way the fake fails a request under Chaos.
type FaultKind string

// The kinds of fault Chaos injects: GitHub's answers that a client must
// survive, and a lost answer before or after the write was applied.
const (
	SecondaryLimit FaultKind = "403 Retry-After" // a secondary rate limit, not applied
	TooManyRequest FaultKind = "429"             // a rate limit, not applied
	BadGateway     FaultKind = "502"             // a server error, not applied
	Conflict       FaultKind = "409"             // a conflict, not applied
	TimeoutBefore  FaultKind = "timeout before"  // the connection dropped, nothing applied
	TimeoutAfter   FaultKind = "timeout after"   // applied, then the connection dropped
	ErrorAfter     FaultKind = "502 after"       // applied, then answered 502
)

// FaultKinds are all the kinds Chaos injects.
var FaultKinds = []FaultKind{SecondaryLimit, TooManyRequest, BadGateway, Conflict, TimeoutBefore, TimeoutAfter, ErrorAfter}

// Chaos fails a share of the fake's requests at random: each request that
// no injected Fault matches fails with probability Rate, with one of Kinds
// (FaultKinds when empty), drawn from a source seeded with Seed, so a run
// can be replayed. A 409 is drawn for reads too: its message is not the
// "Git Repository is empty." that mentorbot takes for an empty tree.
// Routes limits it to routes containing one of the
// strings; Skip exempts routes containing one of them.
type Chaos struct {
	Rate   float64
	Seed   int64
	Kinds  []FaultKind
	Routes []string
	Skip   []string
}

type chaosState struct {
	Chaos
	rnd      *rand.Rand
	injected map[FaultKind]int
}

// SetChaos turns random faults on (or off, with a zero Rate) and forgets
// the counts of the previous setting.
func (s *Server) SetChaos(c Chaos) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.Rate <= 0 {
		s.chaos = nil
		return
	}
	if len(c.Kinds) == 0 {
		c.Kinds = FaultKinds
	}
	s.chaos = &chaosState{Chaos: c, rnd: rand.New(rand.NewSource(c.Seed)), injected: map[FaultKind]int{}}
}

// Log lines of requests Chaos failed end with the fault's kind in
// brackets: "PATCH /repos/o/r/check-runs/7 [timeout after]".

// ChaosInjected returns how many faults of each kind Chaos injected since
// it was set.
func (s *Server) ChaosInjected() map[FaultKind]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[FaultKind]int{}
	if s.chaos != nil {
		for k, v := range s.chaos.injected {
			out[k] = v
		}
	}
	return out
}

// chaosFault draws a fault for a request to route key; s.mu is held.
func (s *Server) chaosFault(key string) *fault {
	c := s.chaos
	if c == nil || !matchAny(key, c.Routes, true) || matchAny(key, c.Skip, false) {
		return nil
	}
	if c.rnd.Float64() >= c.Rate {
		return nil
	}
	kind := c.Kinds[c.rnd.Intn(len(c.Kinds))]
	c.injected[kind]++
	f := &fault{kind: kind}
	switch kind {
	case SecondaryLimit:
		f.Status, f.Body = http.StatusForbidden, "You have exceeded a secondary rate limit"
		f.Header = map[string]string{"Retry-After": "2"}
	case TooManyRequest:
		f.Status = http.StatusTooManyRequests
	case BadGateway:
		f.Status = http.StatusBadGateway
	case Conflict:
		f.Status = http.StatusConflict
	case TimeoutBefore:
		f.Drop = true
	case TimeoutAfter:
		f.Drop, f.After = true, true
	case ErrorAfter:
		f.Status, f.After = http.StatusBadGateway, true
	}
	return f
}

func matchAny(key string, subs []string, empty bool) bool {
	if len(subs) == 0 {
		return empty
	}
	for _, sub := range subs {
		if strings.Contains(key, sub) {
			return true
		}
	}
	return false
}

// dropConnection closes the client's connection with no answer, as a
// timeout or a reset looks to the client.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("githubtest: the response cannot be hijacked to drop the connection")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic("githubtest: " + err.Error())
	}
	conn.Close()
}
