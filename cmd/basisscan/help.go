package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// command is one command line of basisscan, for its help.
type command struct {
	name     string // "org add"
	synopsis string
	about    string
}

// commands are every command, in the order of the usage text.
var commands = []command{
	{"serve", "basisscan [serve]", "Serves the pages and the API on BASISSCAN_ADDR, migrating the database first. Stops on SIGINT or SIGTERM."},
	{"migrate", "basisscan migrate", "Applies the database migrations that have not run yet, then exits."},
	{"org add", "basisscan org add --name NAME --kind gemeente|provincie|waterschap|openbaar-lichaam [--four-eyes] [--candidate-may-download=false] [--questionnaire V]",
		"Adds an organisation. Candidates get a copy of their signed advice unless --candidate-may-download=false."},
	{"org set", "basisscan org set --name NAME [--four-eyes=true|false] [--candidate-may-download=true|false] [--questionnaire V]",
		"Changes an organisation's policy; flags left out keep their value."},
	{"user add", "basisscan user add --org ORG --role formateur|adviser|admin --name NAME --email EMAIL",
		"Adds a staff account and e-mails it a sign-in link."},
	{"user deactivate", "basisscan user deactivate --org ORG --role ROLE --email EMAIL", "Deactivates an account; its tokens and sessions stop working."},
	{"user activate", "basisscan user activate --org ORG --role ROLE --email EMAIL", "Activates an account again and e-mails it a sign-in link."},
	{"adviser assign", "basisscan adviser assign --org HOME --email EMAIL --serves OTHER", "Lets an adviser of HOME work for the organisation OTHER."},
	{"token revoke", "basisscan token revoke --token TOKEN | --id ID", "Revokes one bearer token or session."},
	{"audit verify", "basisscan audit verify", "Checks every audit chain against its hashes and the checkpoints; exits non-zero on a break."},
	{"audit checkpoint", "basisscan audit checkpoint", "Appends the chains' current heads, sealed, to BASISSCAN_AUDIT_CHECKPOINT_FILE."},
	{"purge", "basisscan purge [--reference REF]", "Destroys the content of scans past retention, or at once that of the withdrawn scan REF; and the stored responses of expired idempotency keys."},
	{"rekey", "basisscan rekey", "Seals every sealed value again under the active key, so that older keys can be removed. Safe to stop and rerun."},
	{"health", "basisscan health [--ready] [--timeout 5s]", "Asks the service running on BASISSCAN_ADDR whether it is up (/healthz) or, with --ready, ready for requests (/readyz); exits non-zero when not. The container's health check."},
	{"demo", "basisscan demo", "Walks one scan from intake to closed on a throw-away database, printing every step."},
	{"version", "basisscan version", "Prints the version and the commit it was built from."},
}

// usage is the synopsis of every command.
var usage = func() string {
	var b strings.Builder
	b.WriteString("usage:")
	for _, c := range commands {
		b.WriteString("\n  " + c.synopsis)
	}
	b.WriteString("\n\nbasisscan COMMAND --help explains one command; configuration is read from the environment (see the README).")
	return b.String()
}()

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// helpFor returns the help of the command that args (without any flags)
// name, or false when they name none.
func helpFor(args []string) (string, bool) {
	var words []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			break
		}
		words = append(words, a)
	}
	name := strings.Join(words, " ")
	if name == "" {
		name = "serve"
	}
	var group []string
	for _, c := range commands {
		if c.name == name {
			return "usage: " + c.synopsis + "\n\n" + c.about, true
		}
		if strings.HasPrefix(c.name, name+" ") {
			group = append(group, "  "+c.synopsis)
		}
	}
	if group != nil {
		return "usage:\n" + strings.Join(group, "\n"), true
	}
	return "", false
}

// noArguments refuses arguments to a command that takes none.
func noArguments(name string, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments, got %q\n%s", name, args[0], usage)
	}
	return nil
}

// printVersion prints the module version and the commit of the build, as
// Go records them in the binary.
func printVersion(w io.Writer) {
	version, commit, modified := "(devel)", "unknown", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if modified {
		commit += " (with uncommitted changes)"
	}
	fmt.Fprintf(w, "basisscan %s, commit %s\n", version, commit)
}
