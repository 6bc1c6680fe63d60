package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// releaseScript runs .github/scripts/release.sh with args in dir.
func releaseScript(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash to run .github/scripts/release.sh")
	}
	script, _ := filepath.Abs("../../.github/scripts/release.sh")
	cmd := exec.Command(bash, append([]string{script}, args...)...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestReleaseVersion checks the tags the release workflow computes: vX
// moves on a release, never on a pre-release (v2.0.0-rc1 must not move v2).
func TestReleaseVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version, want string
		code          int
	}{
		{"v1.2.3", "version=v1.2.3\nmajor=v1\nprerelease=false\n", 0},
		{"v10.0.1", "version=v10.0.1\nmajor=v10\nprerelease=false\n", 0},
		{"v2.0.0-rc1", "version=v2.0.0-rc1\nmajor=\nprerelease=true\n", 0},
		{"v2.0.0-rc.1+meta", "", 2},
		{"v2.0", "", 2},
		{"1.2.3", "", 2},
		{"v01.2.3", "", 2},
		{"v1.2.3\nmajor=v9", "", 2},
		{"", "", 2},
	}
	for _, tt := range tests {
		got, stderr, code := releaseScript(t, t.TempDir(), "version", tt.version)
		if code != tt.code || got != tt.want {
			t.Errorf("version %q: got exit %d and %q (stderr %q), want %d and %q", tt.version, code, got, stderr, tt.code, tt.want)
		}
	}
}

type actionMeta struct {
	Name    string         `yaml:"name"`
	Inputs  map[string]any `yaml:"inputs"`
	Outputs map[string]any `yaml:"outputs"`
	Runs    struct {
		Using string   `yaml:"using"`
		Image string   `yaml:"image"`
		Args  []string `yaml:"args"`
	} `yaml:"runs"`
}

func readActionMeta(t *testing.T, path string) actionMeta {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m actionMeta
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// TestReleasePinAction checks that the release commit's action.yml runs the
// prebuilt image and is otherwise the same.
func TestReleasePinAction(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	orig, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), orig, 0o644); err != nil {
		t.Fatal(err)
	}
	const image = "ghcr.io/mentorbot/mentorbot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	if _, stderr, code := releaseScript(t, dir, "pin-action", image); code != 0 {
		t.Fatalf("pin-action: got exit %d (stderr %q), want 0", code, stderr)
	}
	before, after := readActionMeta(t, "../../action.yml"), readActionMeta(t, filepath.Join(dir, "action.yml"))
	if before.Runs.Image != "Dockerfile" {
		t.Errorf("action.yml on the branch: got image %q, want Dockerfile", before.Runs.Image)
	}
	want := before
	want.Runs.Image = "docker://" + image
	if diff := cmp.Diff(want, after); diff != "" {
		t.Errorf("pinned action.yml (-want +got):\n%s", diff)
	}
	if _, _, code := releaseScript(t, dir, "pin-action", image); code == 0 {
		t.Errorf("pinning twice: got exit 0, want a failure (no Dockerfile line left)")
	}
}

// TestReleaseNotes checks the notes come from CHANGELOG.md's section and a
// version without one cannot be released.
func TestReleaseNotes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	changelog := "# Changelog\n\n## Unreleased\n\n- next\n\n## v1.1.0 - 2026-12-01\n\n- added x\n- fixed y\n\n## [v1.0.0]\n\n- first\n"
	if err := os.WriteFile(filepath.Join(dir, "CHANGELOG.md"), []byte(changelog), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		version, want string
		code          int
	}{
		{"v1.1.0", "\n- added x\n- fixed y\n", 0},
		{"v1.0.0", "\n- first\n", 0},
		{"v1.2.0", "", 1},
	}
	for _, tt := range tests {
		got, stderr, code := releaseScript(t, dir, "notes", tt.version)
		if code != tt.code || got != tt.want {
			t.Errorf("notes %s: got exit %d and %q (stderr %q), want %d and %q", tt.version, code, got, stderr, tt.code, tt.want)
		}
	}
	data, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil || !bytes.Contains(data, []byte("\n## Unreleased\n")) {
		t.Errorf("CHANGELOG.md: got error %v or no \"## Unreleased\" section, want one", err)
	}
}

type workflow struct {
	Jobs map[string]struct {
		Steps []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestReleaseWorkflow checks the release workflow's image and tag steps:
// multi-arch, OCI labels, SBOM, provenance, attestations, and vX moved only
// when the version step says it is not a pre-release.
func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("%%.*")) {
		t.Errorf("release.yml computes the major tag with %%%%.*, which moves v2 on v2.0.0-rc1")
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	var uses, runs []string
	var image map[string]string
	for _, s := range wf.Jobs["release"].Steps {
		uses = append(uses, s.Uses)
		runs = append(runs, s.Run)
		if strings.HasPrefix(s.Uses, "docker/build-push-action@") {
			image = s.With
		}
	}
	if image == nil {
		t.Fatal("release.yml has no docker/build-push-action step")
	}
	for _, want := range []string{"linux/amd64", "linux/arm64"} {
		if !strings.Contains(image["platforms"], want) {
			t.Errorf("image platforms %q lack %s", image["platforms"], want)
		}
	}
	for _, want := range []string{"org.opencontainers.image.source=", "org.opencontainers.image.version=", "org.opencontainers.image.licenses=Apache-2.0"} {
		if !strings.Contains(image["labels"], want) {
			t.Errorf("image labels %q lack %s", image["labels"], want)
		}
	}
	if image["sbom"] != "true" || !strings.HasPrefix(image["provenance"], "mode=") {
		t.Errorf("got sbom %q provenance %q, want true and mode=max", image["sbom"], image["provenance"])
	}
	if !strings.Contains(image["tags"], "steps.v.outputs.major != ''") {
		t.Errorf("image tags %q: want the vX tag only when the version step gives a major", image["tags"])
	}
	script := strings.Join(runs, "\n")
	for _, want := range []string{
		`.github/scripts/release.sh version "$VERSION"`,
		`.github/scripts/release.sh notes "$VERSION"`,
		`.github/scripts/release.sh pin-action`,
		`git tag -a "${VERSION}"`,
		"if [ -n \"${MAJOR}\" ]; then\n  git tag -fa \"${MAJOR}\"",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("release.yml's scripts lack %q", want)
		}
	}
	if n := countPrefix(uses, "actions/attest-build-provenance@"); n != 2 {
		t.Errorf("got %d provenance attestations, want 2 (image and binaries)", n)
	}
	if countPrefix(uses, "goreleaser/goreleaser-action@") != 1 {
		t.Errorf("release.yml does not run goreleaser")
	}
}

func countPrefix(s []string, prefix string) int {
	n := 0
	for _, v := range s {
		if strings.HasPrefix(v, prefix) {
			n++
		}
	}
	return n
}

var versionFlagRE = regexp.MustCompile(`-X (\S+)=`)

// TestGoreleaserConfig checks .goreleaser.yaml builds static binaries for
// Linux, macOS and Windows with checksums, that its -X flag names the real
// version variable (the Dockerfile's too), and builds this platform's
// binary with goreleaser's flags to see the version come out.
func TestGoreleaserConfig(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Env     []string `yaml:"env"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
		Archives []struct {
			Files []string `yaml:"files"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
		} `yaml:"checksum"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 || cfg.Checksum.NameTemplate == "" {
		t.Fatalf("got version %d, %d builds, checksum %q; want version 2, one build, a checksums file", cfg.Version, len(cfg.Builds), cfg.Checksum.NameTemplate)
	}
	b := cfg.Builds[0]
	for _, goos := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, goos) {
			t.Errorf("goos %v lacks %s", b.Goos, goos)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("goarch %v lacks %s", b.Goarch, arch)
		}
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") || b.Main != "./cmd/mentorbot" {
		t.Errorf("got env %v flags %v main %q, want CGO_ENABLED=0, -trimpath, ./cmd/mentorbot", b.Env, b.Flags, b.Main)
	}
	for _, a := range cfg.Archives {
		for _, f := range a.Files {
			if _, err := os.Stat(filepath.Join("../..", f)); err != nil {
				t.Errorf("archive file %s: %v", f, err)
			}
		}
	}
	ldflags := strings.Join(b.Ldflags, " ")
	m := versionFlagRE.FindStringSubmatch(ldflags)
	if m == nil {
		t.Fatalf("ldflags %q set no version with -X", ldflags)
	}
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if dm := versionFlagRE.FindSubmatch(dockerfile); dm == nil || string(dm[1]) != m[1] {
		t.Errorf("Dockerfile sets the version with %q, want %s like .goreleaser.yaml", dm, m[1])
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "org.opencontainers.image.source", "org.opencontainers.image.version", `org.opencontainers.image.licenses="Apache-2.0"`} {
		if !bytes.Contains(dockerfile, []byte(want)) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}

	bin := filepath.Join(t.TempDir(), "mentorbot")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", strings.ReplaceAll(ldflags, "{{ .Tag }}", "v9.8.7"), "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build with goreleaser's ldflags: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || string(out) != "mentorbot v9.8.7\n" {
		t.Errorf("got %q (%v), want \"mentorbot v9.8.7\\n\"", out, err)
	}
}
