package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// configCommands are the subcommands of "mentorbot config", in help order.
var configCommands = []command{
	{"validate", "check a config file: every problem as path:line: what is wrong (exit 2 when there is one)", runConfigValidate},
	{"print", "print the effective config, defaults filled in, with where each value came from", runConfigPrint},
	{"init", "print (or --write) a config file with every key at its default, each under its description", runConfigInit},
}

// runConfig dispatches "mentorbot config <subcommand>".
func runConfig(ctx context.Context, st *State, args []string) error {
	return dispatch(ctx, st, "config", configCommands, "\nEvery key is described in docs/config.md.\n", args)
}

// configFile reads the config a config subcommand is about: --config as
// typed, else --repo's .github/mentorbot.yml. found is false when that
// default file is absent (the defaults apply); a --config that cannot be
// read is a usage error.
func configFile(repo, configPath string) (data []byte, path string, found bool, err error) {
	if configPath != "" {
		data, err := os.ReadFile(configPath)
		if err != nil {
			return nil, "", false, usagef("--config: %v (the path is relative to the current directory, not to --repo)", err)
		}
		return data, configPath, true, nil
	}
	path = filepath.Join(repo, filepath.FromSlash(config.DefaultPath))
	data, err = os.ReadFile(path)
	if errors.Is(err, iofs.ErrNotExist) {
		if info, serr := os.Stat(repo); serr != nil || !info.IsDir() {
			return nil, "", false, usagef("--repo %s is not a directory", repo)
		}
		return nil, path, false, nil
	}
	if err != nil {
		return nil, "", false, fmt.Errorf("reading config %s: %w", path, err)
	}
	return data, path, true, nil
}

// configProblem is one problem as config validate --format json prints it.
type configProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func runConfigValidate(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "config validate", "[--repo DIR] [--config FILE] [--format text|json]")
	repo := fs.String("repo", ".", "the repository's working tree, whose .github/mentorbot.yml is checked")
	configPath := fs.String("config", "", "config file to check, relative to the current directory (default: "+config.DefaultPath+" in --repo)")
	format := fs.String("format", "text", "output format: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("config validate takes no arguments: use --config FILE")
	}
	data, path, found, err := configFile(*repo, *configPath)
	if err != nil {
		return err
	}
	var problems []*config.Error
	if found {
		_, problems = config.Check(data, path)
	}
	if *format == "json" {
		out := struct {
			Path     string          `json:"path"`
			Found    bool            `json:"found"`
			Valid    bool            `json:"valid"`
			Problems []configProblem `json:"problems"`
		}{Path: filepath.ToSlash(path), Found: found, Valid: len(problems) == 0, Problems: []configProblem{}}
		for _, p := range problems {
			out.Problems = append(out.Problems, configProblem{Line: p.Line, Message: p.Msg})
		}
		enc := json.NewEncoder(st.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		for _, p := range problems {
			fmt.Fprintln(st.Stdout, p.Error())
		}
		switch {
		case !found:
			fmt.Fprintf(st.Stdout, "%s: no config file: the defaults apply\n", path)
		case len(problems) == 0:
			fmt.Fprintf(st.Stdout, "%s: valid\n", path)
		}
	}
	if len(problems) > 0 {
		return &config.Error{Path: path, Msg: fmt.Sprintf("%d problem(s): fix each value or remove its key to use the default (docs/config.md)", len(problems))}
	}
	return nil
}

func runConfigPrint(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "config print", "[--repo DIR] [--config FILE]")
	repo := fs.String("repo", ".", "the repository's working tree, whose .github/mentorbot.yml is read")
	configPath := fs.String("config", "", "config file, relative to the current directory (default: "+config.DefaultPath+" in --repo)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("config print takes no arguments: use --config FILE")
	}
	data, path, _, err := configFile(*repo, *configPath)
	if err != nil {
		return err
	}
	cfg, err := config.Parse(data, path)
	if err != nil {
		return err
	}
	out, err := config.Print(cfg, data, filepath.ToSlash(path))
	if err != nil {
		return err
	}
	_, err = st.Stdout.Write(out)
	return err
}

func runConfigInit(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "config init", "[--repo DIR] [--write [--force]]")
	repo := fs.String("repo", ".", "the repository's working tree")
	write := fs.Bool("write", false, "write "+config.DefaultPath+" in --repo instead of printing it")
	force := fs.Bool("force", false, "with --write, replace an existing file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("config init takes no arguments")
	}
	if *force && !*write {
		return usagef("--force goes with --write")
	}
	data := config.Init()
	if !*write {
		_, err := st.Stdout.Write(data)
		return err
	}
	if info, err := os.Stat(*repo); err != nil || !info.IsDir() {
		return usagef("--repo %s is not a directory", *repo)
	}
	target := filepath.Join(*repo, filepath.FromSlash(config.DefaultPath))
	if _, err := os.Lstat(target); err == nil && !*force {
		return usagef("%s exists: keep it, or replace it with --force", target)
	}
	if _, err := writeLocal(*repo, plan.PutFile{Path: config.DefaultPath, Content: string(data), Message: "Add " + config.DefaultPath}); err != nil {
		return err
	}
	fmt.Fprintf(st.Stdout, "wrote %s\n", target)
	return nil
}
