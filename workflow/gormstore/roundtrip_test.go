package gormstore_test

import (
	"reflect"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// Every field of a scan survives the store. The fixture must set every
// field: a field added to domain.Scan fails this test until it is set here,
// and then fails it again until the store keeps it.
func TestScanRoundTrip(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			f := newFixture(t, st)
			sc := f.create(t, st, "rond@example.nl", "code")
			second := addUser(t, st, f.org, domain.RoleAdviser, "tweede@example.nl")
			at := t0.Add(time.Hour)
			answered := at.Add(time.Minute)
			agrees := domain.Response{Given: true, Agrees: true, Comment: "Akkoord, met één kanttekening: ’€’.", At: at}
			if _, err := st.UpdateScan(ctx, sc.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				s.State = domain.StateClosed
				s.SecondAdviser = &domain.Person{ID: second.ID}
				s.Consent = &domain.Consent{Given: true, TextVersion: "2026-1", At: at}
				s.Answers = domain.Answers{"b": true, "t": "tekst", "n": 3.5, "m": []any{"a", "b"},
					"g": []any{map[string]any{"org": "Club", "uren": 4.0}}}
				s.SubmittedAt = &at
				s.Interview = &domain.Interview{HeldOn: domain.NewDate(2026, 3, 21), Summary: "Gesprek"}
				s.Research = []domain.ResearchSource{{Source: domain.SourceKvK, CheckedOn: domain.NewDate(2026, 3, 20), Note: "n"}}
				s.VOG = &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 1), Profile: "01", Reference: "R"}
				s.Advice = &domain.Advice{Conclusion: domain.ConclusionMeasures, Summary: "S", WrittenBy: f.adviser.ID,
					EditedBy:   []string{f.adviser.ID, second.ID},
					ReviewFrom: &at, SignedBy: &domain.Person{ID: f.adviser.ID, Name: "A", Email: "a@x"}, SignedAt: &at, SHA256: "abc",
					Findings: []domain.Finding{{Domain: domain.DomainFunctional, Title: "T", Description: "D",
						Class: domain.ClassMeasure, Measure: "M", LegalBasis: "Gemeentewet art. 41b", Signal: "nf.0"}}}
				s.Response = &agrees
				s.Outcome = domain.OutcomeAppointed
				s.DecidedAt = &at
				s.EndReason = "reden"
				s.Clarifications = []domain.Clarification{{ID: "1", Questions: []string{"t"}, Note: "Graag", RequestedAt: at,
					RequestedBy: f.adviser.ID, AnsweredAt: &answered}}
				s.AnswerLog = []domain.AnswerChange{{Question: "t", Previous: "oud", Value: "tekst", At: answered, Clarification: "1"}}
				s.SignalDecisions = map[string]domain.SignalDecision{"nf.0": {Status: domain.SignalAccepted, Reason: "r", At: at, By: f.adviser.ID}}
				full := gormstore.FullContent()
				s.RecipientRole, s.Portfolio, s.Rescan, s.QuestionnaireDue = full.RecipientRole, full.Portfolio, full.Rescan, full.QuestionnaireDue
				s.Interview.Attendees, s.Interview.Topics = full.Interview.Attendees, full.Interview.Topics
				s.Advice.Findings[0].MeasureOwner = full.Advice.Findings[0].MeasureOwner
				s.Advice.Findings[0].MeasureDeadline = full.Advice.Findings[0].MeasureDeadline
				s.Advice.Weighing, s.Advice.SignerOrganisation, s.Advice.VOGAtSignOff = full.Advice.Weighing, full.Advice.SignerOrganisation, full.Advice.VOGAtSignOff
				s.UpdatedAt = at
				s.ClosedAt = &at
				return domain.Change{}, nil
			}); err != nil {
				t.Fatal(err)
			}
			if err := st.SetOrganisationPolicy(ctx, f.org, domain.Policy{FourEyes: true}, systemEvent("set_policy")); err != nil {
				t.Fatal(err)
			}
			got, err := st.Scan(ctx, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			// Set by purge only; the one field this test cannot set through UpdateScan.
			got.PurgedAt = &at
			v := reflect.ValueOf(*got)
			for i := range v.NumField() {
				if v.Field(i).IsZero() {
					t.Errorf("field %s is empty after the round trip (not set by the fixture, or not stored)", v.Type().Field(i).Name)
				}
			}
			// And the case content at every depth: a field added to a nested
			// struct (Advice, Finding, …) is caught as well.
			gormstore.CheckNotEmpty(t, "Scan", v)
			if got.Answers["g"].([]any)[0].(map[string]any)["uren"] != 4.0 || got.Answers["n"] != 3.5 ||
				got.AnswerLog[0].Previous != "oud" || got.Advice.Findings[0].Signal != "nf.0" ||
				got.SignalDecisions["nf.0"].Status != domain.SignalAccepted || !got.Clarifications[0].AnsweredAt.Equal(answered) ||
				got.SecondAdviser.Email != "tweede@example.nl" || !reflect.DeepEqual(got.Advice.EditedBy, []string{f.adviser.ID, second.ID}) || got.Response.Comment != agrees.Comment || !got.Policy.FourEyes {
				t.Fatalf("values changed on the way: %+v", got)
			}
		})
	}
}
