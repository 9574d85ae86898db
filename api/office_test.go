package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// TestOfficeBelongsToOrganisation: a wethouder is of a gemeente, a
// gedeputeerde of a provincie, a lid van het dagelijks bestuur of a
// waterschap, an eilandgedeputeerde of an openbaar lichaam; every other
// pair is refused with a field error on office naming the organisation.
func TestOfficeBelongsToOrganisation(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		ctx := context.Background()
		for i, kind := range domain.OrganisationKinds {
			org := "Organisatie " + string(kind)
			if _, err := e.svc.AddOrganisation(ctx, org, kind, domain.Policy{TemplateVersion: contractTemplate}); err != nil {
				t.Fatal(err)
			}
			_, token, err := e.svc.AddUser(ctx, org, domain.RoleFormateur, "Formateur", "formateur"+string(rune('a'+i))+"@example.nl")
			if err != nil {
				t.Fatal(err)
			}
			adviser := "adviseur" + string(rune('a'+i)) + "@example.nl"
			if _, _, err := e.svc.AddUser(ctx, org, domain.RoleAdviser, "Adviseur", adviser); err != nil {
				t.Fatal(err)
			}
			for _, office := range domain.Offices {
				body := createWith(adviser, func(b map[string]any) { b["office"] = string(office) })
				r := e.do(t, "POST", "/api/v1/scans", token, body)
				if domain.OfficeBody[office] == kind {
					r.want(t, http.StatusCreated)
					continue
				}
				p := checkProblem(t, r.want(t, http.StatusUnprocessableEntity))
				if len(p.Errors) != 1 || p.Errors[0].Field != "office" ||
					!strings.Contains(p.Errors[0].Message, kind.DutchName()) {
					t.Errorf("%s in %s: %+v", office, kind, p.Errors)
				}
			}
		}
	})
}
