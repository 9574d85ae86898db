package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"basisscan/domain"
)

// markEdited records that a changed the advice's content. The list is never
// cleared, not even when the advice is reopened: under four eyes whoever
// shaped the advice at any time may not sign it (the fourEyes guard).
func markEdited(adv *domain.Advice, a domain.Actor) {
	if !slices.Contains(adv.EditedBy, a.UserID) {
		adv.EditedBy = append(adv.EditedBy, a.UserID)
	}
}

// AdviceInput is the adviser's draft of the advice.
type AdviceInput struct {
	Conclusion domain.Conclusion
	Summary    string
	Findings   []domain.Finding
}

// SaveAdvice replaces the draft advice. A beheersmaatregel needs a measure;
// a finding with a measure needs its owner and deadline.
func (s *ScanService) SaveAdvice(ctx context.Context, a domain.Actor, id string, ifMatch *int, in AdviceInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionSaveAdvice, func(sc *domain.Scan, _ time.Time) error {
		var errs []domain.FieldError
		today := s.today()
		t, err := s.template(sc)
		if err != nil {
			return err
		}
		for i, f := range in.Findings {
			if f.Class == domain.ClassMeasure && strings.TrimSpace(f.Measure) == "" {
				errs = append(errs, domain.FieldError{Field: fmt.Sprintf("findings[%d].measure", i),
					Message: "Beschrijf de beheersmaatregel."})
			}
			if needsMeasurePlan(f) {
				errs = append(errs, measurePlanFields(fmt.Sprintf("findings[%d].", i), f.MeasureOwner, f.MeasureDeadline, &today)...)
			}
			// A words-only signal's text stays out of the advice whichever way the finding comes in.
			for _, r := range t.Signals {
				if ruleID, _, _ := strings.Cut(f.Signal, "."); r.AdviserWordsOnly && ruleID == r.ID {
					if e, ok := domain.AsError(ownWords(r, FindingEdit{Title: f.Title, Description: f.Description})); ok {
						for _, fe := range e.Fields {
							errs = append(errs, domain.FieldError{Field: fmt.Sprintf("findings[%d].%s", i, fe.Field), Message: fe.Message})
						}
					}
				}
			}
		}
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		if sc.Advice == nil {
			sc.Advice = &domain.Advice{}
		}
		sc.Advice.Conclusion, sc.Advice.Summary, sc.Advice.Findings = in.Conclusion, in.Summary, in.Findings
		if sc.Advice.Findings == nil {
			sc.Advice.Findings = []domain.Finding{}
		}
		sc.Advice.WrittenBy = a.UserID
		markEdited(sc.Advice, a)
		return nil
	})
}

// SubmitAdvice puts the advice to the candidate for hoor en wederhoor.
// Returns EINVALID when the table's guard fails: conclusion or summary
// missing, a suggested belemmering neither in the advice nor dismissed, or
// a belemmering or a refused VOG without "ontraden".
func (s *ScanService) SubmitAdvice(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionSubmitAdvice, func(sc *domain.Scan, now time.Time) error {
		if sc.Advice != nil {
			sc.Advice.ReviewFrom = &now
			sc.Advice.Weighing = nil // a new response needs a new weighing
		}
		sc.Response = nil
		return nil
	}) // the message to the candidate, and the reminder, come with the write (mailsOf)
}

// ResponseInput is the candidate's answer to the draft advice.
type ResponseInput struct {
	Agrees  bool
	Comment string
}

// Respond records the candidate's response to the draft advice.
func (s *ScanService) Respond(ctx context.Context, a domain.Actor, id string, ifMatch *int, in ResponseInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRespond, func(sc *domain.Scan, now time.Time) error {
		sc.Response = &domain.Response{Given: true, Agrees: in.Agrees, Comment: in.Comment, At: now}
		return nil
	})
}

// CloseReview ends the review without a response once the period is over.
// Returns ECONFLICT while the period runs.
func (s *ScanService) CloseReview(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionCloseReview, func(sc *domain.Scan, now time.Time) error {
		sc.Response = &domain.Response{Given: false, At: now}
		return nil
	})
}

// ReopenAdvice takes the advice back to draft; the candidate will review again.
func (s *ScanService) ReopenAdvice(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionReopenAdvice, func(sc *domain.Scan, _ time.Time) error {
		sc.Response = nil
		if sc.Advice != nil {
			sc.Advice.ReviewFrom = nil
			sc.Advice.Weighing = nil // it weighed a response that is gone
		}
		return nil
	})
}
