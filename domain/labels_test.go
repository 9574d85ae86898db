package domain

import (
	"regexp"
	"testing"
)

// Every action and role has Dutch words for people; none falls back to an
// identifier of the API.
func TestEveryActionAndRoleHasDutchWords(t *testing.T) {
	t.Parallel()
	ident := regexp.MustCompile(`[a-z]+_[a-z]+`)
	for _, a := range append(Actions, ActionStart, ActionDownloadAdvice) {
		p := a.DutchPhrase()
		if p == "dit doen" || p == string(a) || ident.MatchString(p) {
			t.Errorf("action %s reads %q", a, p)
		}
	}
	for _, r := range Roles {
		if n := r.DutchName(); n == "onbekende rol" || (r != RoleFormateur && n == string(r)) {
			t.Errorf("role %s reads %q", r, n)
		}
	}
	for _, s := range States {
		if n := s.DutchName(); ident.MatchString(n) {
			t.Errorf("state %s reads %q", s, n)
		}
	}
}

// Every value an advice shows has a Dutch name of its own.
func TestEveryAdviceValueHasDutchName(t *testing.T) {
	t.Parallel()
	names := map[string]string{}
	for _, v := range SourceKinds {
		names["source "+string(v)] = v.DutchName()
	}
	for _, v := range Conclusions {
		names["conclusion "+string(v)] = v.DutchName()
	}
	for _, v := range RiskDomains {
		names["domain "+string(v)] = v.DutchName()
	}
	for _, v := range FindingClasses {
		names["class "+string(v)] = v.DutchName()
	}
	for k, n := range names {
		if n == "" || k[len(k)-len(n):] == n {
			t.Errorf("%s reads %q", k, n)
		}
	}
}
