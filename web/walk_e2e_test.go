package web_test

import (
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// TestWalkThroughPages walks one scan from intake to closed through the
// pages alone, in a real Chromium, one tab per person: the formateur signs
// in with the link from the outbox and starts a scan; the candidate opens
// the invitation, accepts, consents, fills in the questionnaire section by
// section and submits; the adviser accepts a signal, records sources, VOG
// and interview, and puts the advice to the candidate; the candidate
// responds; the adviser signs off; the formateur downloads the PDF and
// records the outcome. Every page passed is checked with axe-core and
// saved as a screenshot (testdata-out/screens/TestWalkThroughPages/…).
func TestWalkThroughPages(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		w := newWalk(t, d)
		w.formateurStartsScan(t)
		w.candidateConsents(t)
		w.candidateAnswers(t)
		w.adviserResearches(t)
		w.candidateResponds(t)
		w.adviserSignsOff(t)
		w.formateurFinishes(t)

		sc, err := w.env.Service.Scan(t.Context(), w.env.Actor(t, w.env.Formateur), w.scanID)
		if err != nil {
			t.Fatal(err)
		}
		if sc.State != domain.StateClosed {
			t.Fatalf("after the walk the scan is %s, want closed", sc.State)
		}
	})
}
