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
