package board

import (
	"context"
	"fmt"
)

// Reader reads a board and its cards. Every method's error is a failed
// read, never an empty board or a card without a column.
type Reader interface {
	// Board resolves the board's Status field and options by name; a board
	// without one has FieldID "". A board that does not exist (or that the
	// token cannot see) is an error.
	Board(ctx context.Context, projectID string) (*Board, error)
	// Card reads proposal number with its card on the board, if any.
	Card(ctx context.Context, projectID string, number int) (*Card, error)
	// Cards reads every card of the board that is an issue of the
	// repository, and the open proposals that are not on it yet.
	Cards(ctx context.Context, projectID string) ([]Card, error)
	// LFXRecorded reads whether mentorbot recorded an LFX URL on the issue.
	LFXRecorded(ctx context.Context, number int) (bool, error)
}

// Load reads the board and the cards (issue numbers, or every card with
// all) and, for the cards whose LFX record can matter, that record.
func Load(ctx context.Context, r Reader, projectID string, numbers []int, all bool, isProposal func(Card) bool) (*Board, []Card, error) {
	b, err := r.Board(ctx, projectID)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the board %s: %w", projectID, err)
	}
	var cards []Card
	if all {
		if cards, err = r.Cards(ctx, projectID); err != nil {
			return nil, nil, fmt.Errorf("reading the cards of the board %s: %w", projectID, err)
		}
	}
	for _, n := range numbers {
		c, err := r.Card(ctx, projectID, n)
		if err != nil {
			return nil, nil, fmt.Errorf("reading #%d and its card: %w", n, err)
		}
		cards = append(cards, *c)
	}
	out := cards[:0]
	for _, c := range cards {
		if isProposal == nil || isProposal(c) {
			out = append(out, c)
		}
	}
	return b, out, nil
}

// LoadLFX looks up the LFX record of every card for which NeedsLFX.
func LoadLFX(ctx context.Context, r Reader, b *Board, cards []Card, need func(Card) bool) error {
	for i := range cards {
		if !need(cards[i]) {
			continue
		}
		ok, err := r.LFXRecorded(ctx, cards[i].Number)
		if err != nil {
			return fmt.Errorf("reading the LFX record of #%d: %w", cards[i].Number, err)
		}
		cards[i].LFXURL, cards[i].LFXChecked = ok, true
	}
	return nil
}
