package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command's --help prints its own synopsis and does nothing else: no
// database is made or migrated, whatever the configuration says.
func TestEveryCommandHelp(t *testing.T) {
	t.Parallel()
	for _, c := range commands {
		for _, flag := range []string{"--help", "-h"} {
			t.Run(c.name+" "+flag, func(t *testing.T) {
				t.Parallel()
				db := filepath.Join(t.TempDir(), "basisscan.db")
				// A configuration that would fail to load: help must not read it.
				vars := env(map[string]string{"BASISSCAN_DATABASE_URL": db, "BASISSCAN_RESPONSE_PERIOD_DAYS": "nonsense"})
				var out, errs bytes.Buffer
				args := append(strings.Fields(c.name), flag)
				if err := run(context.Background(), args, vars, &out, &errs); err != nil {
					t.Fatalf("%v: %v", args, err)
				}
				if !strings.Contains(out.String(), c.synopsis) || !strings.Contains(out.String(), c.about) {
					t.Errorf("%v printed %q, want the synopsis %q and what it does", args, out.String(), c.synopsis)
				}
				if _, err := os.Stat(db); !os.IsNotExist(err) {
					t.Errorf("%v touched the database: %v", args, err)
				}
			})
		}
	}
	var out bytes.Buffer
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		out.Reset()
		if err := run(context.Background(), args, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), "basisscan audit verify") {
			t.Errorf("%v: %v, %q", args, err, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"help", "purge"}, env(nil), &out, &out); err != nil || !strings.HasPrefix(out.String(), "usage: basisscan purge") {
		t.Errorf("help purge: %v, %q", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"org", "--help"}, env(nil), &out, &out); err != nil ||
		!strings.Contains(out.String(), "basisscan org add") || !strings.Contains(out.String(), "basisscan org set") {
		t.Errorf("org --help: %v, %q", err, out.String())
	}
}

// Arguments a command does not take are refused before anything runs.
func TestUnknownArgumentsRefused(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"migrate", "now"}, {"serve", "8080"}, {"rekey", "all"}, {"demo", "x"},
		{"audit", "verify", "x"}, {"purge", "extra"}, {"org", "add", "--name", "X", "--kind", "gemeente", "extra"},
		{"version", "x"}, {"frobnicate", "--help"}} {
		db := filepath.Join(t.TempDir(), "basisscan.db")
		var out, errs bytes.Buffer
		if err := run(context.Background(), args, env(map[string]string{"BASISSCAN_DATABASE_URL": db}), &out, &errs); err == nil {
			t.Errorf("%v: accepted", args)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("%v touched the database", args)
		}
	}
}

// version says which build this is.
func TestVersion(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, env(nil), &out, &out); err != nil || !strings.HasPrefix(out.String(), "basisscan ") ||
		!strings.Contains(out.String(), "commit ") {
		t.Fatalf("version: %v, %q", err, out.String())
	}
}
