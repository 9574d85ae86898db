package web_test

import (
	"net/http"
	"strings"
	"testing"

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
