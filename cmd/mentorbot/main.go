// Command mentorbot automates the chores of an open-source mentoring
// programme in a GitHub repository. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/mentorbot/mentorbot/internal/cli"

	_ "time/tzdata" // every schedule has a zone; scratch images have no zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], &cli.State{Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
