package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"basisscan/domain"
)

// SignalView is a suggested finding with the adviser's decision on it.
type SignalView struct {
	domain.Signal
	Status    domain.SignalStatus
	Reason    string
	DecidedAt *time.Time
}

// signals returns the signals that fire on the scan's answers now, with
// their decisions. Decisions on signals that no longer fire (the answer
// changed) are kept but not shown.
func (s *ScanService) signals(sc *domain.Scan) ([]SignalView, error) {
	t, err := s.shown(sc) // the section titles reach the adviser
	if err != nil {
		return nil, err
	}
	return signalViews(t, sc), nil
}

// signalViews are the signals of t that fire on the scan's answers, with
// the scan's decisions on them.
func signalViews(t *domain.Template, sc *domain.Scan) []SignalView {
	fired := t.Triggered(sc.Answers)
	out := make([]SignalView, len(fired))
	for i, f := range fired {
		out[i] = SignalView{Signal: f, Status: domain.SignalOpen}
		if d, ok := sc.SignalDecisions[f.Key]; ok {
			at := d.At
			out[i].Status, out[i].Reason, out[i].DecidedAt = d.Status, d.Reason, &at
		}
	}
	return out
}

// Signals returns the suggested findings of the scan's answers to its
// adviser. Returns ENOTFOUND, or EFORBIDDEN for other participants.
func (s *ScanService) Signals(ctx context.Context, a domain.Actor, id string) ([]SignalView, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != domain.RoleAdviser {
		s.denied(ctx, a, sc, "read_signals", objectAnswers)
		return nil, domain.Errorf(domain.EFORBIDDEN, "De signalen zijn voor de adviseur van de scan.")
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, "read_signals", objectAnswers, domain.AuditOK)); err != nil {
		return nil, err
	}
	return s.signals(sc)
}

// FindingEdit changes a suggested finding as it is accepted; empty fields
// keep the suggestion's.
type FindingEdit struct {
	Domain      domain.RiskDomain
	Class       domain.FindingClass
	Title       string
	Description string
	Measure     string
	// MeasureOwner and MeasureDeadline are who carries out the measure by
	// when; left empty, the adviser completes them before submitting.
	MeasureOwner    domain.MeasureOwner
	MeasureDeadline domain.MeasureDeadline
}

// errSignalNotFound answers a key that names no firing signal: a plain
// 404 for the signal, not a refused attempt on the scan.
var errSignalNotFound = domain.Errorf(domain.ENOTFOUND, "Dit signaal bestaat niet (meer): de antwoorden geven er geen aanleiding toe.")

// signal returns the firing signal with the key, or errSignalNotFound.
func (s *ScanService) signal(sc *domain.Scan, key string) (SignalView, error) {
	views, err := s.signals(sc)
	if err != nil {
		return SignalView{}, err
	}
	i := slices.IndexFunc(views, func(v SignalView) bool { return v.Key == key })
	if i < 0 {
		return SignalView{}, errSignalNotFound
	}
	return views[i], nil
}

// AcceptSignal takes a suggested finding into the advice, as suggested or
// edited. Returns ENOTFOUND for a signal that does not fire, ECONFLICT for
// one already accepted, EINVALID for a words-only signal accepted without
// a title and description of the adviser's own, or for an owner or deadline
// of the measure given but refused.
func (s *ScanService) AcceptSignal(ctx context.Context, a domain.Actor, id string, ifMatch *int, key string, edit FindingEdit) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionAcceptSignal, func(sc *domain.Scan, now time.Time) error {
		v, err := s.signal(sc, key)
		if err != nil {
			return err
		}
		if v.Status == domain.SignalAccepted {
			return domain.Errorf(domain.ECONFLICT, "Dit signaal staat al als bevinding in het advies.")
		}
		r := v.Rule
		if r.AdviserWordsOnly {
			if err := ownWords(r, edit); err != nil {
				return err
			}
		}
		f := domain.Finding{Domain: r.Domain, Class: r.Class, Title: r.Title, Description: r.Description,
			Measure: r.Measure, LegalBasis: r.LegalBasis, Signal: key}
		f.Domain = pick(edit.Domain, f.Domain)
		f.Class = pick(edit.Class, f.Class)
		f.Title, f.Description, f.Measure = pick(edit.Title, f.Title), pick(edit.Description, f.Description), pick(edit.Measure, f.Measure)
		if edit.MeasureOwner != "" || !edit.MeasureDeadline.IsZero() {
			today := s.today()
			if errs := measurePlanFields("", edit.MeasureOwner, edit.MeasureDeadline, &today); len(errs) > 0 {
				return domain.Invalid(errs...)
			}
			f.MeasureOwner, f.MeasureDeadline = edit.MeasureOwner, edit.MeasureDeadline
		}
		if sc.Advice == nil {
			sc.Advice = &domain.Advice{Findings: []domain.Finding{}}
		}
		sc.Advice.Findings = append(sc.Advice.Findings, f)
		markEdited(sc.Advice, a)
		decide(sc, key, domain.SignalDecision{Status: domain.SignalAccepted, At: now, By: a.UserID})
		return nil
	})
}

// DismissSignal records that a suggested finding does not go into the
// advice, and why; a finding accepted from it before leaves the advice.
// Returns EINVALID without a reason, ENOTFOUND for a signal that does not fire.
func (s *ScanService) DismissSignal(ctx context.Context, a domain.Actor, id string, ifMatch *int, key, reason string) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionDismissSignal, func(sc *domain.Scan, now time.Time) error {
		v, err := s.signal(sc, key)
		if err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		if min := 10; len([]rune(reason)) < min {
			what := "Leg uit waarom dit signaal geen bevinding wordt (minstens 10 tekens)."
			if v.Rule.Class == domain.ClassObstruction {
				what = "Een mogelijke belemmering laat u alleen vallen met een onderbouwing (minstens 10 tekens)."
			}
			return domain.Invalid(domain.FieldError{Field: "reason", Message: what})
		}
		if sc.Advice != nil {
			n := len(sc.Advice.Findings)
			sc.Advice.Findings = slices.DeleteFunc(sc.Advice.Findings, func(f domain.Finding) bool { return f.Signal == key })
			if len(sc.Advice.Findings) != n {
				markEdited(sc.Advice, a) // a dismissal that leaves the advice as it was changes nothing in it
			}
		}
		decide(sc, key, domain.SignalDecision{Status: domain.SignalDismissed, Reason: reason, At: now, By: a.UserID})
		return nil
	})
}

// ownWords refuses to take a words-only signal into the advice in the
// template's words: what could make a candidate open to pressure is
// described only as the adviser judged it.
func ownWords(r domain.SignalRule, edit FindingEdit) error {
	same := func(edited, suggested string) bool {
		e := strings.Join(strings.Fields(edited), " ")
		return e == "" || strings.EqualFold(e, strings.Join(strings.Fields(suggested), " "))
	}
	var errs []domain.FieldError
	if same(edit.Title, r.Title) {
		errs = append(errs, domain.FieldError{Field: "title",
			Message: "Geef deze bevinding een eigen titel: de tekst van het signaal komt niet in het advies."})
	}
	if same(edit.Description, r.Description) {
		errs = append(errs, domain.FieldError{Field: "description",
			Message: "Beschrijf deze bevinding in uw eigen woorden: de tekst van het signaal komt niet in het advies."})
	}
	if len(errs) > 0 {
		return domain.Invalid(errs...)
	}
	return nil
}

func decide(sc *domain.Scan, key string, d domain.SignalDecision) {
	if sc.SignalDecisions == nil {
		sc.SignalDecisions = map[string]domain.SignalDecision{}
	}
	sc.SignalDecisions[key] = d
}

func pick[T ~string](edited, suggested T) T {
	if strings.TrimSpace(string(edited)) != "" {
		return edited
	}
	return suggested
}

// obstructionsSettled is part of the advice's guard: a suggested
// belemmering is either in the advice as a belemmering, or dismissed with a
// reason. It can never drop out silently.
func obstructionsSettled(t *domain.Template, sc *domain.Scan) error {
	if t == nil {
		return fmt.Errorf("scan %s: its template is not loaded", sc.ID)
	}
	var errs []domain.FieldError
	for _, v := range signalViews(t, sc) {
		if v.Rule.Class != domain.ClassObstruction || v.Status == domain.SignalDismissed {
			continue
		}
		inAdvice := sc.Advice != nil && slices.ContainsFunc(sc.Advice.Findings, func(f domain.Finding) bool {
			return f.Signal == v.Key && f.Class == domain.ClassObstruction
		})
		if !inAdvice {
			errs = append(errs, domain.FieldError{Field: "signals." + v.Key, Message: fmt.Sprintf(
				"Mogelijke belemmering %q: neem haar als belemmering op in het advies, of laat haar met een onderbouwing vallen.", v.Rule.Title)})
		}
	}
	if len(errs) > 0 {
		e := domain.Invalid(errs...)
		e.Message = "Niet elke mogelijke belemmering uit de antwoorden is afgehandeld."
		return e
	}
	return nil
}

// SignalCounts returns how many of the scan's signals are still open, and
// how many there are, for the adviser's overview of a scan they have read.
// Counts show no content, so unlike Signals they are not audited as a read.
// Returns EFORBIDDEN for anyone but the adviser.
func (s *ScanService) SignalCounts(a domain.Actor, sc *domain.Scan) (open, total int, err error) {
	if a.Role != domain.RoleAdviser {
		return 0, 0, domain.Errorf(domain.EFORBIDDEN, "De signalen zijn voor de adviseur van de scan.")
	}
	views, err := s.signals(sc)
	if err != nil {
		return 0, 0, err
	}
	for _, v := range views {
		if v.Status == domain.SignalOpen {
			open++
		}
	}
	return open, len(views), nil
}
