package workflow

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"basisscan/domain"
)

var update = flag.Bool("update", false, "rewrite golden files")

// expected is the process of issue 2 written out by hand, independently of
// Table: state → action → the possible next states ("a|b" when a guard
// picks). Every pair not listed must be refused.
var expected = map[domain.State]map[domain.Action]string{
	domain.StateIntake: {
		domain.ActionConsent: "questionnaire|refused", domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "intake", domain.ActionEditPortfolio: "intake",
		domain.ActionChangeAppointment: "intake",
	},
	domain.StateQuestionnaire: {
		domain.ActionSaveAnswers: "questionnaire", domain.ActionSubmitQuestionnaire: "interview",
		domain.ActionRecordVOG: "questionnaire", domain.ActionRecordResearch: "questionnaire",
		domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "questionnaire", domain.ActionEditPortfolio: "questionnaire",
		domain.ActionChangeAppointment: "questionnaire",
	},
	domain.StateInterview: {
		domain.ActionRecordInterview: "advice|vog_check", domain.ActionRecordVOG: "interview",
		domain.ActionRequestClarification: "interview", domain.ActionAnswerClarification: "interview",
		domain.ActionAcceptSignal: "interview", domain.ActionDismissSignal: "interview",
		domain.ActionRecordResearch: "interview", domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "interview", domain.ActionEditPortfolio: "interview",
		domain.ActionChangeAppointment: "interview",
	},
	domain.StateVOGCheck: {
		domain.ActionRecordVOG: "advice|vog_check", domain.ActionRecordResearch: "vog_check",
		domain.ActionRequestClarification: "vog_check", domain.ActionAnswerClarification: "vog_check",
		domain.ActionAcceptSignal: "vog_check", domain.ActionDismissSignal: "vog_check",
		domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "vog_check", domain.ActionEditPortfolio: "vog_check",
		domain.ActionChangeAppointment: "vog_check",
	},
	domain.StateAdvice: {
		domain.ActionSaveAdvice: "advice", domain.ActionSubmitAdvice: "candidate_review", domain.ActionRecordVOG: "advice",
		domain.ActionRequestClarification: "advice", domain.ActionAnswerClarification: "advice",
		domain.ActionAcceptSignal: "advice", domain.ActionDismissSignal: "advice",
		domain.ActionRecordResearch: "advice", domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "advice", domain.ActionEditPortfolio: "advice",
		domain.ActionChangeAppointment: "advice",
	},
	domain.StateCandidateReview: {
		domain.ActionRespond: "sign_off", domain.ActionCloseReview: "sign_off", domain.ActionReopenAdvice: "advice",
		domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "candidate_review",
		domain.ActionRecordVOG: "advice|candidate_review", domain.ActionChangeAppointment: "candidate_review",
	},
	domain.StateSignOff: {
		domain.ActionSignOff: "delivered", domain.ActionReopenAdvice: "advice", domain.ActionWeighResponse: "sign_off",
		domain.ActionWithdraw: "withdrawn", domain.ActionCancel: "cancelled", domain.ActionAssignSecondAdviser: "sign_off",
		domain.ActionRecordVOG: "advice|sign_off", domain.ActionChangeAppointment: "sign_off",
	},
	domain.StateDelivered: {domain.ActionRecordOutcome: "closed", domain.ActionRecordVOG: "delivered", domain.ActionChangeAppointment: "delivered"},
	domain.StateClosed:    {},
	domain.StateWithdrawn: {},
	domain.StateCancelled: {},
	domain.StateRefused:   {},
}

var expectedRole = map[domain.Action]domain.Role{
	domain.ActionConsent: domain.RoleCandidate, domain.ActionSaveAnswers: domain.RoleCandidate,
	domain.ActionSubmitQuestionnaire: domain.RoleCandidate, domain.ActionRespond: domain.RoleCandidate,
	domain.ActionWithdraw: domain.RoleCandidate, domain.ActionRecordInterview: domain.RoleAdviser,
	domain.ActionRecordResearch: domain.RoleAdviser, domain.ActionRecordVOG: domain.RoleAdviser,
	domain.ActionSaveAdvice: domain.RoleAdviser, domain.ActionSubmitAdvice: domain.RoleAdviser,
	domain.ActionCloseReview: domain.RoleAdviser, domain.ActionReopenAdvice: domain.RoleAdviser,
	domain.ActionSignOff: domain.RoleAdviser, domain.ActionCancel: domain.RoleFormateur,
	domain.ActionRecordOutcome: domain.RoleFormateur, domain.ActionAssignSecondAdviser: domain.RoleFormateur,
	domain.ActionRequestClarification: domain.RoleAdviser, domain.ActionAnswerClarification: domain.RoleCandidate,
	domain.ActionAcceptSignal: domain.RoleAdviser, domain.ActionDismissSignal: domain.RoleAdviser,
	domain.ActionEditPortfolio: domain.RoleFormateur, domain.ActionWeighResponse: domain.RoleAdviser,
	domain.ActionChangeAppointment: domain.RoleFormateur,
}

// TestEveryStateAndAction walks every state × action pair of the table.
func TestEveryStateAndAction(t *testing.T) {
	t.Parallel()
	if len(expected) != len(domain.States) {
		t.Fatalf("expected covers %d states, the domain has %d", len(expected), len(domain.States))
	}
	for _, st := range domain.States {
		for _, a := range domain.Actions {
			t.Run(string(st)+"/"+string(a), func(t *testing.T) {
				var got []string
				for _, r := range rows(st, a) {
					got = append(got, string(r.To))
					if r.Role != expectedRole[a] {
						t.Errorf("row %s/%s: role %s, want %s", st, a, r.Role, expectedRole[a])
					}
				}
				if want := expected[st][a]; strings.Join(got, "|") != want {
					t.Fatalf("next states %q, want %q", strings.Join(got, "|"), want)
				}
				allowed := slices.Contains(Allowed(st, expectedRole[a]), a)
				if allowed != (expected[st][a] != "") {
					t.Fatalf("Allowed(%s, %s) contains %s = %v", st, expectedRole[a], a, allowed)
				}
				if expected[st][a] == "" {
					_, err := Next(&domain.Scan{State: st}, a, Rules{})
					e, ok := domain.AsError(err)
					if !ok || e.Code != domain.ECONFLICT || e.State != st {
						t.Fatalf("Next in %s: err = %v, want a conflict naming the state", st, err)
					}
				}
			})
		}
	}
	for _, st := range domain.States {
		if st.Final() {
			for _, r := range domain.Roles {
				if got := Allowed(st, r); len(got) != 0 {
					t.Errorf("final state %s allows %v to %s", st, got, r)
				}
			}
		}
	}
}

// TestDiagramIsCurrent keeps the committed diagram in step with the table.
// Run `make diagram` after changing the table.
func TestDiagramIsCurrent(t *testing.T) {
	t.Parallel()
	const path = "states.md"
	got := "# Scan states\n\nGenerated from `workflow.Table` by `make diagram`; do not edit.\n\n```mermaid\n" + Diagram() + "```\n"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (run make diagram): %v", path, err)
	}
	if string(want) != got {
		t.Fatalf("%s is out of date with the transition table: run make diagram", path)
	}
	for _, s := range domain.States {
		if !strings.Contains(got, string(s)) {
			t.Errorf("diagram misses state %s", s)
		}
	}
}

// TestSubmitAdviceGuardHoldsEveryRule: the table's guard alone refuses an
// advice with an unsettled suggested belemmering, one that does not
// advise against appointment after a refused VOG, and one with a measure
// taken from a signal without owner or deadline; no action code needed.
func TestSubmitAdviceGuardHoldsEveryRule(t *testing.T) {
	t.Parallel()
	tmpl := &domain.Template{Version: "t", Title: "T", Sections: []domain.Section{{ID: "s", Title: "S",
		Questions: []domain.Question{{ID: "q", Text: "Q?", Type: domain.QuestionBoolean}}}},
		Signals: []domain.SignalRule{{ID: "b", When: domain.Condition{Question: "q", Equals: true},
			Domain: domain.DomainFunctional, Class: domain.ClassObstruction, Title: "B"}}}
	if err := tmpl.Validate(); err != nil {
		t.Fatal(err)
	}
	advice := func(c domain.Conclusion) *domain.Advice {
		return &domain.Advice{Conclusion: c, Summary: "Samenvatting.", Findings: []domain.Finding{}}
	}
	withFinding := func(a *domain.Advice, f domain.Finding) *domain.Advice {
		a.Findings = append(a.Findings, f)
		return a
	}
	tests := []struct {
		name  string
		scan  domain.Scan
		field string // of the refusal; "" when the guard passes
	}{
		{"unsettled belemmering", domain.Scan{Answers: domain.Answers{"q": true}, Advice: advice(domain.ConclusionAdvisedOff)}, "signals.b"},
		{"dismissed belemmering", domain.Scan{Answers: domain.Answers{"q": true}, Advice: advice(domain.ConclusionNoObjection),
			SignalDecisions: map[string]domain.SignalDecision{"b": {Status: domain.SignalDismissed, Reason: "geen belemmering"}}}, ""},
		{"refused VOG without ontraden", domain.Scan{Answers: domain.Answers{}, Advice: advice(domain.ConclusionAttention),
			VOG: &domain.VOG{Status: domain.VOGRefused}}, "conclusion"},
		{"refused VOG with ontraden", domain.Scan{Answers: domain.Answers{}, Advice: advice(domain.ConclusionAdvisedOff),
			VOG: &domain.VOG{Status: domain.VOGRefused}}, ""},
		{"accepted signal's measure without owner", domain.Scan{Answers: domain.Answers{}, Advice: withFinding(advice(domain.ConclusionMeasures),
			domain.Finding{Class: domain.ClassMeasure, Title: "M", Measure: "Doe iets.", Signal: "m",
				MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineThreeMonths}})}, "findings[0].measure_owner"},
		{"accepted signal's measure without deadline", domain.Scan{Answers: domain.Answers{}, Advice: withFinding(advice(domain.ConclusionMeasures),
			domain.Finding{Class: domain.ClassAttention, Title: "M", Measure: "Doe iets.", Signal: "m", MeasureOwner: domain.OwnerGriffie})},
			"findings[0].measure_deadline"},
		{"accepted signal's measure complete", domain.Scan{Answers: domain.Answers{}, Advice: withFinding(advice(domain.ConclusionMeasures),
			domain.Finding{Class: domain.ClassMeasure, Title: "M", Measure: "Doe iets.", Signal: "m", MeasureOwner: domain.OwnerGriffie,
				MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineOnDate, On: domain.NewDate(2026, 6, 1)}})}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.scan
			sc.State = domain.StateAdvice
			to, err := Next(&sc, domain.ActionSubmitAdvice, Rules{Template: tmpl})
			if tt.field == "" {
				if err != nil || to != domain.StateCandidateReview {
					t.Fatalf("got %s, %v; want candidate review", to, err)
				}
				return
			}
			e, ok := domain.AsError(err)
			if !ok || e.Code != domain.EINVALID || len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
				t.Fatalf("got %s, %v; want a refusal on %s", to, err, tt.field)
			}
		})
	}
}
