package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// staff adds an account to an organisation of the env.
func (e *env) staff(t *testing.T, org string, role domain.Role, name, email string) user {
	t.Helper()
	u, token, err := e.svc.AddUser(context.Background(), org, role, name, email)
	if err != nil {
		t.Fatalf("add %s: %v", email, err)
	}
	return user{ID: u.ID, Name: u.Name, Email: u.Email, Token: token, Role: role}
}

// TestAccessMatrix tries every scan endpoint as every role, on the caller's
// own scan, on another scan of the same organisation and on a scan of
// another organisation. Writes carry a stale If-Match, so that a caller who
// may write gets 412 and nothing changes, whatever the order of the rows.
func TestAccessMatrix(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		own := e.scanIn(t, domain.StateQuestionnaire)
		f3 := e.staff(t, orgA, domain.RoleFormateur, "Frits Derde", "formateur3@zuidhaven.nl")
		a3 := e.staff(t, orgA, domain.RoleAdviser, "Anna Derde", "adviseur3@zuidhaven.nl")
		sameOrg := e.newScanFor(t, f3, a3, "buur@example.nl")
		e.walk(t, sameOrg, domain.StateQuestionnaire)
		otherOrg := e.otherScan(t)
		e.walk(t, otherOrg, domain.StateQuestionnaire)

		const (
			F = domain.RoleFormateur
			A = domain.RoleAdviser
			C = domain.RoleCandidate
		)
		type endpoint struct {
			method, path string
			body         any
			// status per role on the caller's own scan in state questionnaire
			own map[domain.Role]int
		}
		write := func(method, path string, body any, role domain.Role) endpoint {
			own := map[domain.Role]int{F: http.StatusForbidden, A: http.StatusForbidden, C: http.StatusForbidden}
			own[role] = http.StatusPreconditionFailed
			return endpoint{method, path, body, own}
		}
		read := func(path string, f, a, c int) endpoint {
			return endpoint{"GET", path, nil, map[domain.Role]int{F: f, A: a, C: c}}
		}
		endpoints := []endpoint{
			read("", 200, 200, 200),
			read("/history", 200, 200, 200),
			read("/questionnaire", 403, 200, 200),
			read("/advice", 409, 200, 409),
			read("/advice.pdf", 409, 409, 403),
			read("/advice-raad.pdf", 409, 409, 403),
			read("/audit", 403, 200, 403),
			read("/export", 403, 403, 200),
			read("/case-file", 403, 200, 403),
			read("/signals", 403, 200, 403),
			write("POST", "/consent", map[string]bool{"consent": true}, C),
			write("PUT", "/questionnaire/answers", map[string]any{"answers": map[string]any{}}, C),
			write("POST", "/questionnaire/submit", nil, C),
			write("POST", "/interview", map[string]any{"held_on": today, "summary": "s", "attendees": attendees}, A),
			write("PUT", "/research", map[string]any{"sources": []any{}}, A),
			write("PUT", "/vog", validVOG(), A),
			write("PUT", "/advice", goodAdvice(), A),
			write("POST", "/advice/submit", nil, A),
			write("POST", "/advice/reopen", nil, A),
			write("POST", "/advice/response", map[string]any{"agrees": true}, C),
			write("POST", "/review/close", nil, A),
			write("POST", "/sign-off", nil, A),
			write("POST", "/outcome", map[string]string{"outcome": "benoemd"}, F),
			write("POST", "/withdraw", map[string]string{}, C),
			write("POST", "/cancel", map[string]string{"reason": "r"}, F),
			write("PUT", "/second-adviser", map[string]string{"email": a3.Email}, F),
			write("POST", "/clarifications", map[string]any{"questions": []string{"cv_opleiding"}, "note": "Graag toelichten."}, A),
			write("PUT", "/clarifications/1/answers", map[string]any{"answers": map[string]any{}}, C),
			write("POST", "/signals/nevenfunctie.0/accept", nil, A),
			write("POST", "/signals/nevenfunctie.0/dismiss", map[string]string{"reason": "Geen risico, besproken."}, A),
			// Erasure takes no If-Match: a running scan cannot be erased at all.
			{"POST", "/erase", nil, map[domain.Role]int{F: 403, A: 403, C: 409}},
		}
		callers := []struct {
			role  domain.Role
			token string
		}{{F, own.Formateur.Token}, {A, own.Adviser.Token}, {C, own.Candidate.Token}, {domain.RoleAdmin, e.admin.Token}}
		before := e.get(t, own)
		for _, ep := range endpoints {
			for _, c := range callers {
				for _, target := range []struct {
					name string
					s    *scan
				}{{"own", own}, {"same organisation", sameOrg}, {"other organisation", otherOrg}} {
					want := http.StatusNotFound
					if target.s == own && c.role != domain.RoleAdmin {
						want = ep.own[c.role]
					}
					name := fmt.Sprintf("%s %s as %s on %s scan", ep.method, ep.path, c.role, target.name)
					t.Run(name, func(t *testing.T) {
						r := e.do(t, ep.method, target.s.p(ep.path), c.token, ep.body, "If-Match", `"999999"`)
						if r.Status != want {
							t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
						}
					})
				}
			}
		}
		e.unchanged(t, own, before)
		// A list shows only one's own scans, never another's in the same
		// organisation or elsewhere.
		for _, c := range callers {
			list := decode[listBody[scanBody]](t, e.do(t, "GET", "/api/v1/scans", c.token, nil).want(t, http.StatusOK))
			for _, it := range list.Items {
				if it.ID != own.ID {
					t.Errorf("%s's list shows scan %s", c.role, it.Reference)
				}
			}
			if want := 1; c.role == domain.RoleAdmin {
				want = 0
				if len(list.Items) != want {
					t.Errorf("the admin's list has %d scans", len(list.Items))
				}
			} else if len(list.Items) != want {
				t.Errorf("%s's list has %d scans, want %d", c.role, len(list.Items), want)
			}
		}
	})
}

// With four eyes, the adviser who wrote the advice cannot sign it; a second
// adviser of the organisation can.
func TestFourEyes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		const org = "Gemeente Oostland" // a gemeente: the scans are for wethouders
		if _, err := e.svc.AddOrganisation(context.Background(), org, domain.KindGemeente, domain.Policy{FourEyes: true, TemplateVersion: contractTemplate}); err != nil {
			t.Fatal(err)
		}
		f := e.staff(t, org, domain.RoleFormateur, "Fleur", "f@oostland.nl")
		writer := e.staff(t, org, domain.RoleAdviser, "Wim Schrijver", "w@oostland.nl")
		signer := e.staff(t, org, domain.RoleAdviser, "Sanne Tekenaar", "s@oostland.nl")
		s := e.newScanFor(t, f, writer, "kandidaat@oostland.nl")
		e.walk(t, s, domain.StateSignOff)

		p := problemOf(t, e.do(t, "POST", s.p("/sign-off"), writer.Token, nil), http.StatusForbidden)
		if p.Detail == "" {
			t.Fatal("four-eyes refusal without an explanation")
		}
		// The second adviser is no participant until assigned.
		e.do(t, "POST", s.p("/sign-off"), signer.Token, nil).want(t, http.StatusNotFound)
		// Only an adviser of the organisation can be assigned, and not the lead.
		e.do(t, "PUT", s.p("/second-adviser"), f.Token, map[string]string{"email": e.adviser.Email}).want(t, http.StatusUnprocessableEntity)
		e.do(t, "PUT", s.p("/second-adviser"), f.Token, map[string]string{"email": writer.Email}).want(t, http.StatusUnprocessableEntity)
		b := decode[scanBody](t, e.do(t, "PUT", s.p("/second-adviser"), f.Token, map[string]string{"email": signer.Email}).want(t, http.StatusOK))
		if b.State != string(domain.StateSignOff) {
			t.Fatalf("assigning moved the scan to %s", b.State)
		}
		e.do(t, "POST", s.p("/sign-off"), signer.Token, nil).want(t, http.StatusOK)
		a := e.advice(t, s, f.Token)
		if a.SignedBy == nil || a.SignedBy.Email != signer.Email {
			t.Fatalf("signed_by = %+v, want the second adviser", a.SignedBy)
		}
	})
}

// An adviser serves another organisation only once assigned to it.
func TestAdviserAssignment(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		body := createBody("kandidaat@zuidhaven.nl", e.adviser2.Email)
		p := problemOf(t, e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body), http.StatusUnprocessableEntity)
		if p.message("adviser_email") == "" {
			t.Fatalf("no message for adviser_email: %+v", p)
		}
		if err := e.svc.AssignAdviser(context.Background(), orgB, e.adviser2.Email, orgA); err != nil {
			t.Fatal(err)
		}
		r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body).want(t, http.StatusCreated)
		id := decode[scanBody](t, r).ID
		// The assigned adviser now sees that scan, still nothing else of orgA.
		e.do(t, "GET", "/api/v1/scans/"+id, e.adviser2.Token, nil).want(t, http.StatusOK)
		own := e.newScan(t)
		e.do(t, "GET", own.p(""), e.adviser2.Token, nil).want(t, http.StatusNotFound)
	})
}

// Whether the candidate may download the signed PDF is the organisation's call.
func TestCandidateDownloadPolicy(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		const org = "Gemeente Veenland" // a gemeente: the scans are for wethouders
		if _, err := e.svc.AddOrganisation(context.Background(), org, domain.KindGemeente, domain.Policy{CandidateMayDownload: true, TemplateVersion: contractTemplate}); err != nil {
			t.Fatal(err)
		}
		f := e.staff(t, org, domain.RoleFormateur, "Floor", "f@veenland.nl")
		a := e.staff(t, org, domain.RoleAdviser, "Aart", "a@veenland.nl")
		open := e.newScanFor(t, f, a, "k@veenland.nl")
		e.walk(t, open, domain.StateDelivered)
		closed := e.scanIn(t, domain.StateDelivered) // orgA says no
		for _, doc := range []string{"/advice.pdf", "/advice-raad.pdf"} {
			e.do(t, "GET", open.p(doc), open.Candidate.Token, nil).want(t, http.StatusOK)
			e.do(t, "GET", closed.p(doc), closed.Candidate.Token, nil).want(t, http.StatusForbidden)
		}
	})
}
