package gormstore

import (
	"time"

	"basisscan/domain"
)

// fullContent returns a scan whose every content field, down to the
// nested structs, is set: the golden files hold exactly this.
func fullContent() *domain.Scan {
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
