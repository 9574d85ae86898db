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
	type named struct{ raw, name string }
	var all []named
	for _, v := range SourceKinds {
		all = append(all, named{string(v), v.DutchName()})
	}
	for _, v := range Conclusions {
		all = append(all, named{string(v), v.DutchName()})
	}
	for _, v := range RiskDomains {
		all = append(all, named{string(v), v.DutchName()})
	}
	for _, v := range FindingClasses {
		all = append(all, named{string(v), v.DutchName()})
	}
	for _, n := range all {
		if n.name == "" || n.name == n.raw {
			t.Errorf("%s reads %q", n.raw, n.name)
		}
	}
}

// Every party and plan around an advice has Dutch words, in every kind of
// organisation, and never the identifier of the API.
func TestEveryAdvicePartyHasDutchWords(t *testing.T) {
	t.Parallel()
	ident := regexp.MustCompile(`^[a-z]+[-_][a-z]+$`)
	var all []string
	for _, v := range RecipientRoles {
		all = append(all, v.DutchName())
	}
	for _, v := range RescanKinds {
		all = append(all, v.DutchName())
	}
	for _, v := range DeadlineKinds {
		all = append(all, v.DutchName())
	}
	for _, k := range OrganisationKinds {
		for _, o := range MeasureOwners {
			if n := o.DutchNameFor(k); n == "niet benoemd" || n == genericOwnerNames[o] {
				t.Errorf("owner %s in %s reads %q", o, k, n)
			}
			all = append(all, o.DutchNameFor(k))
		}
		if len(RecipientRolesFor(k)) < 2 || RecipientRolesFor(k)[0] != RecipientFormateur {
			t.Errorf("%s: recipient roles %v, want the formateur first and the chair", k, RecipientRolesFor(k))
		}
	}
	for _, n := range all {
		if n == "" || ident.MatchString(n) {
			t.Errorf("reads %q", n)
		}
	}
	if got := (MeasureDeadline{Kind: DeadlineOnDate, On: NewDate(2027, 6, 1)}).Dutch(); got != "uiterlijk 1 juni 2027" {
		t.Errorf("on-date deadline reads %q", got)
	}
}
