package workflow_test

import (
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// eachDialect runs f on SQLite and on PostgreSQL.
func eachDialect(t *testing.T, f func(t *testing.T, d storetest.Dialect)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) { f(t, d) })
	}
}

// The command line reaches the service without the API's checks: its
// names are refused for the same characters.
func TestCLIRefusesBadText(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for _, name := range []string{"Nieuw\x00", "\x00", "Nieuw\r\nBcc: x@y.nl", "Nieuw\u202e", "a\tb"} {
			_, _, err := e.svc.AddUser(ctx, "Gemeente Zuidhaven", domain.RoleFormateur, name, "nieuw@example.nl")
			if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "name" {
				t.Errorf("AddUser(name %q) = %v, want EINVALID on name", name, err)
			}
			_, err = e.svc.AddOrganisation(ctx, "Gemeente "+name, domain.KindGemeente, domain.Policy{})
			if e, ok := domain.AsError(err); !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "name" {
				t.Errorf("AddOrganisation(%q) = %v, want EINVALID on name", name, err)
			}
		}
	})
}
