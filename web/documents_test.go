package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// The signed scan's two documents, per role on the pages: the formateur and
// the adviser get both, with links on their scan pages; the candidate only
// when the organisation lets candidates have a copy. Every refusal leaves
// the link out too.
func TestDocumentDownloadsPerRole(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		formateur, adviser, candidate := e.Visitor(t), e.Visitor(t), e.Visitor(t)
		formateur.SignIn(t, e.Formateur)
		adviser.SignIn(t, e.Adviser)
		docs := map[string]string{"/advies.pdf": "advies-", "/advies-raad.pdf": "advies-raad-"}
		base := "/scans/" + sc.ID

		// Before sign-off: no links, and no documents.
		for name, v := range map[string]*webtest.Visitor{"formateur": formateur, "adviser": adviser} {
			if p := v.Get(t, base); strings.Contains(p.Body, "advies-raad.pdf") {
				t.Fatalf("%s: the page offers the raad's summary before sign-off", name)
			}
			want(t, v.Get(t, base+"/advies-raad.pdf"), http.StatusConflict, "Het adviesdocument is er pas na ondertekening")
		}

		sc = formateurDeliver(t, e, sc, email) // uses the invitation
		candidate.SignInAs(t, email)
		fetch := func(name string, v *webtest.Visitor) {
			t.Helper()
			p := v.Get(t, base)
			for path, file := range docs {
				if !strings.Contains(p.Body, `href="`+base+path+`"`) {
					t.Errorf("%s: the scan page lacks the link to %s", name, path)
				}
				doc := v.Get(t, base+path)
				if doc.Status != http.StatusOK || doc.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(doc.Body, "%PDF") {
					t.Errorf("%s: %s answers %d %s", name, path, doc.Status, doc.Header.Get("Content-Type"))
				}
				if cd := doc.Header.Get("Content-Disposition"); !strings.Contains(cd, file+sc.Reference+".pdf") {
					t.Errorf("%s: %s Content-Disposition %q", name, path, cd)
				}
			}
		}
		fetch("formateur", formateur)
		fetch("adviser", adviser)

		// This organisation keeps the candidate's copy off.
		if p := candidate.Get(t, base); strings.Contains(p.Body, "advies.pdf") || strings.Contains(p.Body, "advies-raad.pdf") {
			t.Error("the candidate's page offers documents the organisation keeps from them")
		}
		for path := range docs {
			if p := candidate.Get(t, base+path); p.Status != http.StatusForbidden {
				t.Errorf("candidate: %s answers %d, want 403", path, p.Status)
			}
		}
		if err := e.Service.SetPolicy(context.Background(), webtest.OrgA, domain.Policy{CandidateMayDownload: true, TemplateVersion: webtest.Template}); err != nil {
			t.Fatal(err)
		}
		fetch("candidate with a copy", candidate)
	})
}
