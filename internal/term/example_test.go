package term_test

import (
	"fmt"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/term"
)

const exampleReadme = `# Term 03 - 2026 September - November

Status: Planning

### Timeline

| Activity | Dates (2026) |
|--------------|------------------|
| Project Proposals Open | Wed, Jul 1 – Tue, Jul 28, 18:00 UTC |
| Mentee Applications Open | Mon, Aug 3, 00:00 UTC – Tue, Aug 18, 23:59 UTC |
| Application Review Period (2 weeks) | Wed, Aug 19 – Tue, Sep 1, 18:00 UTC |
| Mentorship Program Begins | Mon, Sep 7 |
| Midterm Mentee Evaluations | Tue, Oct 20, 11:00 AM PST (18:00 UTC) |
| Final Mentee Evaluations | Wed, Nov 24, 18:00 UTC |
| Last Day of Term | Fri, Nov 27 |
`

// A proposal planner finds when proposals close for "2026 Term 3".
func ExampleLoad() {
	cfg := config.Default()
	fsys := fstest.MapFS{"programs/lfx-mentorship/2026/03-Sep-Nov/README.md": {Data: []byte(exampleReadme)}}
	id, err := term.ParseName("2026 Term 3", cfg.Terms)
	if err != nil {
		panic(err)
	}
	doc, err := term.Load(fsys, cfg, id)
	if err != nil {
		panic(err)
	}
	closes, _ := doc.ProposalsClose()
	fmt.Println(id, "proposals close", closes.UTC().Format("Mon Jan 2 15:04 MST"))
	// Output: 2026 Term 3 (Sep-Nov) proposals close Tue Jul 28 18:00 UTC
}

// The CLI validates the term folders a change touched.
func ExampleValidate() {
	cfg := config.Default()
	fsys := fstest.MapFS{"programs/lfx-mentorship/2026/03-Sep-Nov/README.md": {Data: []byte(exampleReadme)}}
	dirs := term.Touched([]string{"programs/lfx-mentorship/2026/03-Sep-Nov/README.md"}, cfg.Terms.Root)
	res, err := term.Validate(fsys, cfg, dirs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.TermsChecked, "term checked")
	for _, f := range res.Findings {
		fmt.Println(f)
	}
	// Output:
	// 1 term checked
	// programs/lfx-mentorship/2026/03-Sep-Nov/README.md:13: error: Oct 20, 2026 is in daylight saving time in America/Los_Angeles: write PDT, not PST (11:00 AM PDT is 18:00 UTC) [timezone-abbreviation]
	// programs/lfx-mentorship/2026/03-Sep-Nov/README.md:14: error: Nov 24, 2026 is a Tuesday, not a Wednesday [weekday-mismatch]
}
