package gormstore

import (
	"time"

	"basisscan/domain"
)

// fullContent returns a scan whose every content field, down to the
// nested structs, is set: the golden file of version 3 holds exactly this.
func fullContent() *domain.Scan {
	s := legacyContent()
	s.RecipientRole = domain.RecipientBurgemeester
	s.Portfolio = "Financiën, sport"
	s.Rescan = &domain.Rescan{Kind: domain.RescanMidTerm, EarlierScanID: "5d0c1a7e-0000-4000-8000-000000000001", EarlierReference: "BS-2025-ABCDEF"}
	due := s.Consent.At.Add(7 * 24 * time.Hour)
	s.QuestionnaireDue = &due
	s.Interview.Attendees = []domain.Attendee{{Name: "Kandidaat Één", Role: "kandidaat"}, {Name: "A", Role: "integriteitsadviseur"}}
	s.Interview.Topics = []string{"nevenfuncties", "vastgoed"}
	s.Advice.Findings[0].MeasureOwner = domain.OwnerCandidate
	s.Advice.Findings[0].MeasureDeadline = domain.MeasureDeadline{Kind: domain.DeadlineOnDate, On: domain.NewDate(2026, 6, 1)}
	s.Advice.Weighing = &domain.Weighing{Changed: true, Explanation: "Bevinding 1 aangepast", At: *s.Advice.SignedAt, By: "adviser-1"}
	s.Advice.SignerOrganisation = "Bureau Integriteit"
	s.Advice.VOGAtSignOff = &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 1), Profile: "01", Reference: "R"}
	return s
}

// legacyDecoded is what the golden files of versions 1 and 2 decode to:
// their content, with the recipient's role that migrateV2 fills in.
func legacyDecoded() *domain.Scan {
	s := legacyContent()
	s.RecipientRole = domain.RecipientFormateur
	return s
}

// legacyContent is the content of the golden files of versions 1 and 2.
func legacyContent() *domain.Scan {
	at := time.Date(2026, 3, 21, 9, 30, 15, 123456789, time.UTC)
	answered := at.Add(26 * time.Hour)
	return &domain.Scan{
		ID:        "0b6f7c7e-3a54-4f8e-9a55-2d3c9f1e6a10",
		Candidate: domain.Person{Name: "Kandidaat Één"},
		Consent:   &domain.Consent{Given: true, TextVersion: "2026-1", At: at},
		Answers: domain.Answers{"b": true, "t": "tekst met ’€’", "n": 3.5, "m": []any{"a", "b"},
			"g": []any{map[string]any{"org": "Club", "uren": 4.0}}},
		SubmittedAt: &at,
		Interview:   &domain.Interview{HeldOn: domain.NewDate(2026, 3, 21), Summary: "Gesprek"},
		Research:    []domain.ResearchSource{{Source: domain.SourceKvK, CheckedOn: domain.NewDate(2026, 3, 20), Note: "n"}},
		VOG:         &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 1), Profile: "01", Reference: "R"},
		Advice: &domain.Advice{Conclusion: domain.ConclusionMeasures, Summary: "S",
			Findings: []domain.Finding{{Domain: domain.DomainFunctional, Title: "T", Description: "D",
				Class: domain.ClassMeasure, Measure: "M", LegalBasis: "Gemeentewet art. 41b", Signal: "nf.0"}},
			WrittenBy: "adviser-1", EditedBy: []string{"adviser-1", "adviser-2"}, ReviewFrom: &at,
			SignedBy: &domain.Person{ID: "adviser-2", Name: "A", Email: "a@example.nl"}, SignedAt: &answered, SHA256: "abc"},
		Response:  &domain.Response{Given: true, Agrees: true, Comment: "Akkoord", At: answered},
		DecidedAt: &answered,
		EndReason: "reden",
		Clarifications: []domain.Clarification{{ID: "1", Questions: []string{"t"}, Note: "Graag", RequestedAt: at,
			RequestedBy: "adviser-1", AnsweredAt: &answered}},
		AnswerLog:       []domain.AnswerChange{{Question: "t", Previous: "oud", Value: "tekst met ’€’", At: answered, Clarification: "1"}},
		SignalDecisions: map[string]domain.SignalDecision{"nf.0": {Status: domain.SignalDismissed, Reason: "geen raakvlak", At: at, By: "adviser-1"}},
	}
}
