package workflow_test

import (
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow"
)

// oldSignedScan is an advice as signed before issue 12: no signer's
// organisation, no VOG copy, no weighing.
func oldSignedScan() *domain.Scan {
	at := time.Date(2026, 3, 12, 13, 5, 0, 0, time.UTC)
	return &domain.Scan{ID: "s", Reference: "BS-2026-OUD001", Candidate: domain.Person{Name: "Anouk de Vries"}, Office: domain.OfficeWethouder,
		Organisation: "Gemeente Zuidwolde", PlannedAppointmentDate: domain.NewDate(2026, 4, 1),
		Advice: &domain.Advice{Conclusion: domain.ConclusionMeasures, Summary: "Samenvatting.",
			Findings: []domain.Finding{{Domain: domain.DomainFinancial, Title: "T", Description: "D", Class: domain.ClassMeasure, Measure: "M", LegalBasis: "Gemeentewet art. 15"}},
			SignedBy: &domain.Person{Name: "René Janssen", Email: "rene@example.org"}, SignedAt: &at},
		Response: &domain.Response{Given: true, Agrees: false, Comment: "Oneens."}}
}

// oldSum is what AdviceHash gave oldSignedScan before the canonical form
// had versions (computed with the code of that time).
const oldSum = "2f7e3c3d2ec094fcd6a2486b3572cc3043cfd845724e77551235d8c19a46e81f"

// TestAdviceHashVersions: an advice signed before issue 12 still verifies,
// and one signed since covers what issue 12's document shows.
func TestAdviceHashVersions(t *testing.T) {
	t.Parallel()
	if got, err := workflow.AdviceHash(oldSignedScan()); err != nil || got != oldSum {
		t.Fatalf("hash of an advice signed before versions = %s, %v; want %s", got, err, oldSum)
	}
	signed := func() *domain.Scan {
		s := oldSignedScan()
		s.Advice.SignerOrganisation = "Bureau Integriteit Oost"
		return s
	}
	base, err := workflow.AdviceHash(signed())
	if err != nil || base == oldSum {
		t.Fatalf("version 2 hash = %s, %v; want one of its own", base, err)
	}
	for name, change := range map[string]func(s *domain.Scan){
		"recipient role": func(s *domain.Scan) { s.RecipientRole = domain.RecipientBurgemeester },
		"portfolio":      func(s *domain.Scan) { s.Portfolio = "Financiën" },
		"measure owner":  func(s *domain.Scan) { s.Advice.Findings[0].MeasureOwner = domain.OwnerCandidate },
		"measure deadline": func(s *domain.Scan) {
			s.Advice.Findings[0].MeasureDeadline = domain.MeasureDeadline{Kind: domain.DeadlineBeforeAppointment}
		},
		"weighing":            func(s *domain.Scan) { s.Advice.Weighing = &domain.Weighing{Explanation: "Blijft."} },
		"weighing changed":    func(s *domain.Scan) { s.Advice.Weighing = &domain.Weighing{Changed: true} },
		"VOG at sign-off":     func(s *domain.Scan) { s.Advice.VOGAtSignOff = &domain.VOG{Status: domain.VOGRequested} },
		"signer organisation": func(s *domain.Scan) { s.Advice.SignerOrganisation = "Gemeente Zuidwolde" },
	} {
		s := signed()
		change(s)
		if got, _ := workflow.AdviceHash(s); got == base {
			t.Errorf("changing the %s leaves the hash as it was", name)
		}
	}
}
