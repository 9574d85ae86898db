package workflow_test

import (
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// A scan pinned to a template that is not loaded (removed from configs
// while scans still use it) gives an internal error naming the scan and the
// version on every path that needs the template's rules, and offers no
// action; nothing panics.
func TestTemplateNotLoaded(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		t.Parallel()
		e := setup(t, d)
		sc := e.start(t)
		e.answerAll(t, sc.ID)
		steps := []func() (*domain.Scan, error){
			func() (*domain.Scan, error) { return e.svc.SubmitQuestionnaire(ctx, e.candidate, sc.ID, nil) },
			func() (*domain.Scan, error) {
				return e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 20), Profile: "01"})
			},
			func() (*domain.Scan, error) {
				return e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, domain.Interview{HeldOn: domain.NewDate(2026, 3, 31), Summary: "s", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
			},
			func() (*domain.Scan, error) {
				return e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{Conclusion: domain.ConclusionNoObjection, Summary: "s"})
			},
		}
		for i, step := range steps {
			if _, err := step(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		exec(t, intruder(t, d, e.dsn), `UPDATE scans SET template_version = '1999-9' WHERE id = $1`, sc.ID)
		cur, err := e.svc.Scan(ctx, e.adviser, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.svc.AllowedActions(e.adviser, cur); len(got) != 0 {
			t.Errorf("allowed actions = %v, want none", got)
		}
		version := cur.Version
		for name, call := range map[string]func() (*domain.Scan, error){
			"submit advice": func() (*domain.Scan, error) { return e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil) },
			"save advice": func() (*domain.Scan, error) {
				return e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{Conclusion: domain.ConclusionNoObjection, Summary: "t"})
			},
			"withdraw": func() (*domain.Scan, error) {
				return e.svc.Withdraw(ctx, e.candidate, sc.ID, nil, "reden")
			},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := call()
				if err == nil {
					t.Fatal("done on a scan whose template is not loaded")
				}
				if code := domain.ErrorCodeOf(err); code != domain.EINTERNAL {
					t.Fatalf("code = %s (%v), want internal", code, err)
				}
				if !strings.Contains(err.Error(), sc.ID) || !strings.Contains(err.Error(), `"1999-9"`) {
					t.Errorf("error %q does not name the scan and its template version", err)
				}
			})
		}
		if _, err := e.svc.Questionnaire(ctx, e.adviser, sc.ID); domain.ErrorCodeOf(err) != domain.EINTERNAL {
			t.Errorf("questionnaire: %v, want internal", err)
		}
		if after, err := e.store.Scan(ctx, sc.ID); err != nil || after.Version != version {
			t.Errorf("the scan changed: version %d, want %d (%v)", after.Version, version, err)
		}
	})
}
