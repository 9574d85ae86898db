package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// The work list reads by phase, in the order of the process.
func TestWorkListByPhase(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		waiting, _ := e.NewScan(t, e.Formateur, e.Adviser)
		started, email := e.NewScan(t, e.Formateur, e.Adviser)
		cand := candidateActor(t, e, email)
		v := started.Version
		if _, err := e.Service.Consent(t.Context(), cand, started.ID, &v, workflow.ConsentInput{Given: true, Version: "2026-1"}); err != nil {
			t.Fatal(err)
		}
		adviser := e.Visitor(t)
		adviser.SignIn(t, e.Adviser)
		p := adviser.Get(t, "/scans")
		want(t, p, http.StatusOK, "<h1>Werklijst</h1>", `id="fase-intake"`, `id="fase-questionnaire"`, "Intake (1)", "Vragenlijst (1)")
		intake, quest := strings.Index(p.Body, `id="fase-intake"`), strings.Index(p.Body, `id="fase-questionnaire"`)
		if intake > quest {
			t.Error("the questionnaire's phase comes before intake")
		}
		if w, s := strings.Index(p.Body, waiting.Reference), strings.Index(p.Body, started.Reference); w < intake || w > quest || s < quest {
			t.Errorf("scans under the wrong phase:\n%s", p.Body)
		}
	})
}

// A work list longer than a page ends in a link to the next page, which
// shows the rest; together the pages show every scan once.
func TestWorkListPages(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		var refs []string
		for range domain.DefaultPageSize + 2 {
			sc, _ := e.NewScan(t, e.Formateur, e.Adviser)
			refs = append(refs, sc.Reference)
		}
		for _, u := range []webtest.User{e.Formateur, e.Adviser} {
			v := e.Visitor(t)
			v.SignIn(t, u)
			first := v.Get(t, "/scans")
			want(t, first, http.StatusOK, "Volgende pagina")
			next := nextPageRe.FindStringSubmatch(first.Body)
			if next == nil {
				t.Fatalf("%s: no link to the next page:\n%s", u.Email, first.Body)
			}
			second := v.Get(t, html.UnescapeString(next[1]))
			want(t, second, http.StatusOK)
			if strings.Contains(second.Body, "Volgende pagina") {
				t.Errorf("%s: the last page links to a next one", u.Email)
			}
			for _, ref := range refs {
				if n := strings.Count(first.Body, ref) + strings.Count(second.Body, ref); n != 1 {
					t.Errorf("%s: scan %s shown %d times on the two pages", u.Email, ref, n)
				}
			}
		}
		// A cursor that is not the service's is a bad request, not a failure.
		v := e.Visitor(t)
		v.SignIn(t, e.Formateur)
		want(t, v.Get(t, "/scans?vanaf=nep"), http.StatusBadRequest)
	})
}

var nextPageRe = regexp.MustCompile(`<a href="([^"]+)" rel="next">Volgende pagina</a>`)
