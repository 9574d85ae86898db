package workflow

import (
	"context"
	"encoding/hex"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"basisscan/domain"
)

// QuestionnaireView is the questionnaire of a scan with its answers.
type QuestionnaireView struct {
	Template       *domain.Template // as the scan's office sees it, filled for the scan
	Answers        domain.Answers
	SubmittedAt    *time.Time
	Version        int // of the scan: the ETag of the answers
	Clarifications []domain.Clarification
	AnswerLog      []domain.AnswerChange
}

// Questionnaire returns the questionnaire and answers to the candidate and
// the adviser. Returns EFORBIDDEN for the formateur: raw answers are not theirs.
func (s *ScanService) Questionnaire(ctx context.Context, a domain.Actor, id string) (*QuestionnaireView, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != domain.RoleCandidate && a.Role != domain.RoleAdviser {
		s.denied(ctx, a, sc, "read_answers", objectAnswers)
		return nil, domain.Errorf(domain.EFORBIDDEN, "De antwoorden zijn alleen zichtbaar voor de kandidaat en de adviseur.")
	}
	t, err := s.shown(sc)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, "read_answers", objectAnswers, domain.AuditOK)); err != nil {
		return nil, err
	}
	return viewOf(t, sc), nil
}

// QuestionnaireAfter returns the questionnaire of a scan a write of the
// caller's just returned: the write's own audit event covers it, and the
// scan needs no second load.
func (s *ScanService) QuestionnaireAfter(sc *domain.Scan) (*QuestionnaireView, error) {
	t, err := s.shown(sc)
	if err != nil {
		return nil, err
	}
	return viewOf(t, sc), nil
}

// shown returns the scan's template as a person reads it: its placeholders
// filled with the scan's organisation and office. Rules keep using the
// unfilled template, which is shared.
func (s *ScanService) shown(sc *domain.Scan) (*domain.Template, error) {
	t, err := s.template(sc)
	if err != nil {
		return nil, err
	}
	return t.Filled(sc.Organisation, sc.Office), nil
}

func viewOf(t *domain.Template, sc *domain.Scan) *QuestionnaireView {
	return &QuestionnaireView{Template: t, Answers: sc.Answers, SubmittedAt: sc.SubmittedAt, Version: sc.Version,
		Clarifications: sc.Clarifications, AnswerLog: sc.AnswerLog}
}

// SaveAnswers merges a draft of answers; a nil value clears an answer.
// Answers to questions that the new answers hide are dropped: what the
// candidate took back is not kept. Returns EINVALID naming each unknown
// question or wrongly typed answer by its path.
func (s *ScanService) SaveAnswers(ctx context.Context, a domain.Actor, id string, ifMatch *int, patch domain.Answers) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionSaveAnswers, func(sc *domain.Scan, _ time.Time) error {
		t, err := s.template(sc)
		if err != nil {
			return err
		}
		if errs := t.CheckAnswers(patch, s.today()); len(errs) > 0 {
			return domain.Invalid(withSections(t, errs)...)
		}
		sc.Answers = t.Prune(sc.Answers.Merge(patch))
		t.AssignEntryIDs(sc.Answers, s.entryID)
		return nil
	})
}

// entryID returns a short random id for a group entry.
func (s *ScanService) entryID() string {
	b := make([]byte, 6)
	if _, err := s.cfg.Random.Read(b); err != nil {
		panic(fmt.Sprintf("read random: %v", err)) // crypto/rand does not fail
	}
	return hex.EncodeToString(b)
}

// SubmitQuestionnaire submits the answers. Returns EINVALID listing each
// required answer left open, with its section.
func (s *ScanService) SubmitQuestionnaire(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionSubmitQuestionnaire, func(sc *domain.Scan, now time.Time) error {
		t, err := s.template(sc)
		if err != nil {
			return err
		}
		sc.Answers = t.Prune(sc.Answers)
		sc.SubmittedAt = &now
		return nil
	})
}

// withSections names the section of each answer error.
func withSections(t *domain.Template, errs []domain.FieldError) []domain.FieldError {
	for i := range errs {
		errs[i].Section = t.SectionOf(strings.TrimPrefix(errs[i].Field, "answers."))
	}
	return errs
}

// missingError lists the open required answers of t, with their sections.
func missingError(t *domain.Template, missing []string) error {
	fields := make([]domain.FieldError, len(missing))
	for i, id := range missing {
		fields[i] = domain.FieldError{Field: "answers." + id, Section: t.SectionOf(id),
			Message: "Deze vraag is verplicht en nog niet beantwoord."}
	}
	e := domain.Invalid(fields...)
	e.Message = fmt.Sprintf("Nog %d verplichte vragen zijn niet beantwoord.", len(missing))
	return e
}

// ClarificationInput is the adviser's request to revisit answers.
type ClarificationInput struct {
	Questions []string
	Note      string
}

// RequestClarification reopens some submitted answers for the candidate,
// with a note saying what to clarify. Returns EINVALID for unknown
// questions or an empty note.
func (s *ScanService) RequestClarification(ctx context.Context, a domain.Actor, id string, ifMatch *int, in ClarificationInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRequestClarification, func(sc *domain.Scan, now time.Time) error {
		t, err := s.template(sc)
		if err != nil {
			return err
		}
		var errs []domain.FieldError
		for i, q := range in.Questions {
			if _, ok := t.Question(q); !ok {
				errs = append(errs, domain.FieldError{Field: fmt.Sprintf("questions[%d]", i), Message: "Deze vraag bestaat niet in de vragenlijst."})
			}
		}
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		sc.Clarifications = append(sc.Clarifications, domain.Clarification{
			ID: strconv.Itoa(len(sc.Clarifications) + 1), Questions: slices.Compact(slices.Sorted(slices.Values(in.Questions))),
			Note: strings.TrimSpace(in.Note), RequestedAt: now, RequestedBy: a.UserID,
		})
		return nil
	})
}

// AnswerClarification takes the candidate's new answers to an open
// clarification and closes it. Only the reopened questions, and the
// follow-up questions that hang on them, may change; every change is kept
// in the answer log. Returns ENOTFOUND for an unknown clarification,
// ECONFLICT for one already answered, EINVALID for answers to other
// questions, bad values, or a reopened part left incomplete.
func (s *ScanService) AnswerClarification(ctx context.Context, a domain.Actor, id string, ifMatch *int, clarification string, patch domain.Answers) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionAnswerClarification, func(sc *domain.Scan, now time.Time) error {
		t, err := s.template(sc)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(sc.Clarifications, func(c domain.Clarification) bool { return c.ID == clarification })
		if i < 0 {
			return domain.Errorf(domain.ENOTFOUND, "Dit verzoek om verduidelijking bestaat niet.")
		}
		c := &sc.Clarifications[i]
		if !c.Open() {
			return domain.Errorf(domain.ECONFLICT, "Dit verzoek om verduidelijking is al beantwoord.")
		}
		open := reopened(t, c.Questions)
		var errs []domain.FieldError
		for _, q := range slices.Sorted(maps.Keys(patch)) {
			if !open[q] {
				errs = append(errs, domain.FieldError{Field: "answers." + q, Section: t.SectionOf(q),
					Message: "Deze vraag is niet heropend; uw ingediende antwoord blijft staan."})
			}
		}
		errs = append(errs, withSections(t, t.CheckAnswers(patch, s.today()))...)
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		next := t.Prune(sc.Answers.Merge(patch))
		t.AssignEntryIDs(next, s.entryID)
		var missing []string
		for _, m := range t.Missing(next) {
			if q, _, _ := strings.Cut(m, "["); open[q] {
				missing = append(missing, m)
			}
		}
		if len(missing) > 0 {
			return missingError(t, missing)
		}
		for _, q := range slices.Sorted(maps.Keys(open)) {
			if !reflect.DeepEqual(sc.Answers[q], next[q]) {
				sc.AnswerLog = append(sc.AnswerLog, domain.AnswerChange{Question: q, Previous: sc.Answers[q],
					Value: next[q], At: now, Clarification: c.ID})
			}
		}
		sc.Answers = next
		c.AnsweredAt = &now
		return nil
	})
}

// reopened returns the reopened questions and every question whose
// condition hangs on one of them, directly or through others.
func reopened(t *domain.Template, questions []string) map[string]bool {
	open := map[string]bool{}
	for _, q := range questions {
		open[q] = true
	}
	for _, sec := range t.Sections { // conditions only look back: one pass in order suffices
		for _, q := range sec.Questions {
			if q.ShowIf != nil && open[q.ShowIf.Question] {
				open[q.ID] = true
			}
		}
	}
	return open
}
