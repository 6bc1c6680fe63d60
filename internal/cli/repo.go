package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// localEnv builds an offline, dry-run Env over a directory. configPath,
// when given, is a file path as typed (relative to the current directory,
// like every other path flag) and must exist; without it the config is
// --repo's .github/mentorbot.yml, or the defaults when that is absent.
func localEnv(st *State, dir, configPath, now string) (*runner.Env, error) {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return nil, usagef("--repo %s is not a directory", dir)
	}
	// Through os.Root: a symlink that leads out of the repository is a
	// read error naming the path, never a read of another file.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, usagef("--repo %s: %v", dir, err)
	}
	fsys := root.FS()
	var cfg *config.Config
	if configPath != "" {
		data, err := os.ReadFile(configPath)
		if err != nil {
			return nil, usagef("--config: %v (the path is relative to the current directory, not to --repo)", err)
		}
		cfg, err = config.Parse(data, configPath)
		if err != nil {
			return nil, err
		}
	} else {
		cfg, err = config.Load(fsys, config.DefaultPath)
		if err != nil {
			return nil, err
		}
	}
	t, err := parseNow(st, now)
	if err != nil {
		return nil, err
	}
	abs, _ := filepath.Abs(dir)
	return &runner.Env{Owner: "local", Repo: filepath.Base(abs), DefaultBranch: "main", FS: fsys, Config: cfg, Now: t, DryRun: true}, nil
}

// repoFlags are the flags every offline subcommand shares.
type repoFlags struct {
	repo, config, now, format string
}

func (f *repoFlags) register(fs interface {
	StringVar(p *string, name, value, usage string)
}, formats string) {
	fs.StringVar(&f.repo, "repo", ".", "the repository's working tree")
	fs.StringVar(&f.config, "config", "", fmt.Sprintf("config file, relative to the current directory (default: %s in --repo, or the built-in defaults)", config.DefaultPath))
	fs.StringVar(&f.now, "now", "", "the time to plan for, RFC 3339 (default: now)")
	fs.StringVar(&f.format, "format", "text", "output format: "+formats)
}
