package main

import (
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
)

// There is no Docker engine here to build the image, so the Dockerfile is
// read: it exposes the port it serves on, its health check is a command
// this binary has, and the build context leaves out what must not be in an
// image (databases, mails, keys, builds, history).
func TestDockerfile(t *testing.T) {
	t.Parallel()
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(df)
	if !regexp.MustCompile(`(?m)^ENV BASISSCAN_ADDR=0\.0\.0\.0:8080$`).MatchString(text) || !regexp.MustCompile(`(?m)^EXPOSE 8080$`).MatchString(text) {
		t.Error("the Dockerfile does not listen on and expose 8080")
	}
	hc := regexp.MustCompile(`(?m)^HEALTHCHECK .*CMD \["/basisscan", "(\w+)"(, "--ready")?\]$`).FindStringSubmatch(text)
	if hc == nil {
		t.Fatal("the Dockerfile has no HEALTHCHECK through the binary")
	}
	if _, ok := helpFor([]string{hc[1]}); !ok {
		t.Errorf("the HEALTHCHECK runs %q, which basisscan does not have", hc[1])
	}

	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(ignore), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "!") {
			patterns = append(patterns, strings.TrimSuffix(l, "/"))
		}
	}
	ignored := func(name string) bool {
		for _, p := range patterns {
			for _, part := range []string{name, strings.Split(name, "/")[0], path.Base(name)} {
				if ok, _ := path.Match(p, part); ok {
					return true
				}
			}
		}
		return false
	}
	for _, name := range []string{".git", "data/basisscan.db", "data/outbox/1.eml", "bin/basisscan", "basisscan.db",
		"x.db-wal", "keys/encryption.key", "encryption.key", "web/browsertest/node_modules"} {
		if !ignored(name) {
			t.Errorf(".dockerignore lets %s into the image's build context", name)
		}
	}
	for _, name := range []string{"go.mod", "cmd/basisscan/main.go", "configs/questionnaire/2026-2.json"} {
		if ignored(name) {
			t.Errorf(".dockerignore leaves out %s, which the build needs", name)
		}
	}

	// The README's compose commands name commands basisscan has.
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	runs := regexp.MustCompile(`docker compose (?:exec basisscan /basisscan|run --rm basisscan) ([a-z]+(?: [a-z]+)?)`).FindAllStringSubmatch(string(readme), -1)
	if len(runs) == 0 {
		t.Fatal("the README shows no CLI command under docker compose")
	}
	for _, r := range runs {
		if _, ok := helpFor(strings.Fields(r[1])); !ok {
			t.Errorf("the README runs %q under compose, which basisscan does not have", r[1])
		}
	}
}
