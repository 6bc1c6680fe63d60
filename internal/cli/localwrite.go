package cli

import (
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// writeLocal is every --write: the file writes, as plan.PutFile actions,
// applied to the working tree dir by the one local applier
// (executor.Local: atomic, through os.Root, so a symlink that leads out of
// the repository is an error naming the path, never a write elsewhere).
// The report says which files were written and which already held the
// content.
func writeLocal(dir string, puts ...plan.PutFile) (*executor.Report, error) {
	p := &plan.Plan{}
	for _, put := range puts {
		p.Add(put)
	}
	return executor.Local{Dir: dir}.Apply(p)
}
