package workflow

import (
	"context"
	"fmt"
	"time"

	"basisscan/domain"
)

// Every message leaves through the outbox: the write that causes it stores
// it in its own transaction (domain.Change.Mails), and the outbox delivers
// it after the commit, retrying until it is delivered. A change that does
// not commit sends nothing; one that commits is not left unannounced.

// questionnaireReminderBefore is how long before the questionnaire's
// deadline the candidate is reminded of it.
const questionnaireReminderBefore = 48 * time.Hour

// responseReminderBefore is how long before the end of the response period
// the candidate is told that it ends tomorrow.
const responseReminderBefore = 24 * time.Hour

// mailsOf returns the messages that the action, which moved sc to its
// present state at now, brings. oldDate is the planned appointment date
// before the action.
func (s *ScanService) mailsOf(action domain.Action, oldDate domain.Date, sc *domain.Scan, now time.Time) []domain.Mail {
	var out []domain.Mail
	switch action {
	case domain.ActionConsent:
		if sc.State == domain.StateQuestionnaire && sc.QuestionnaireDue != nil {
			out = appendReminder(out, now, questionnaireReminderBefore, questionnaireReminderMail(sc,
				domain.DutchDateTime(*sc.QuestionnaireDue, s.cfg.Location), s.cfg.BaseURL),
				domain.Reminder{Kind: domain.ReminderQuestionnaire, State: sc.State, Deadline: *sc.QuestionnaireDue})
		}
	case domain.ActionSubmitAdvice:
		if end := s.ResponseDeadline(sc); end != nil {
			out = append(out, reviewMail(sc, domain.DutchDateTime(*end, s.cfg.Location), s.cfg.BaseURL))
			out = s.appendResponseReminder(out, sc, now)
		}
	case domain.ActionChangeAppointment:
		out = append(out, s.dateChangedMails(sc, oldDate)...)
		// The response period may have moved with the date: the reminder
		// of the old end is not sent (see MailDue), this one is.
		out = s.appendResponseReminder(out, sc, now)
	case domain.ActionSignOff:
		out = append(out, s.deliveredMails(sc)...)
	}
	return out
}

// appendResponseReminder adds the reminder that the response period ends
// tomorrow, while the candidate is reviewing the draft advice.
func (s *ScanService) appendResponseReminder(out []domain.Mail, sc *domain.Scan, now time.Time) []domain.Mail {
	end := s.ResponseDeadline(sc)
	if end == nil {
		return out
	}
	return appendReminder(out, now, responseReminderBefore, responseEndsMail(sc,
		domain.DutchDateTime(*end, s.cfg.Location), s.cfg.BaseURL),
		domain.Reminder{Kind: domain.ReminderResponse, State: sc.State, Deadline: *end})
}

// appendReminder adds m as a reminder due before r's deadline, unless
// that moment has passed already: a reminder at once would only repeat
// the message that just went.
func appendReminder(out []domain.Mail, now time.Time, before time.Duration, m domain.Mail, r domain.Reminder) []domain.Mail {
	at := r.Deadline.Add(-before)
	if !at.After(now) {
		return out
	}
	m.SendAt, m.Reminder = at, &r
	return append(out, m)
}

// MailDue reports whether a reminder is still to be sent when its time has
// come: the scan is still in the reminder's state, with the same deadline,
// and not erased. The outbox asks it before sending a reminder; any other
// message is always due.
func (s *ScanService) MailDue(ctx context.Context, m domain.Mail) (bool, error) {
	r := m.Reminder
	if r == nil {
		return true, nil
	}
	sc, err := s.store.Scan(ctx, m.ScanID)
	if domain.ErrorCodeOf(err) == domain.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("scan of a reminder: %w", err)
	}
	if sc.PurgedAt != nil || sc.State != r.State {
		return false, nil
	}
	var deadline *time.Time
	switch r.Kind {
	case domain.ReminderQuestionnaire:
		deadline = sc.QuestionnaireDue
	case domain.ReminderResponse:
		deadline = s.ResponseDeadline(sc)
	}
	return deadline != nil && deadline.Unix() == r.Deadline.Unix(), nil
}

// dateChangedMails are the messages to the adviser and the candidate after
// the appointment date moved from old. The reason stays out: it may hold
// what is not theirs to read; the history keeps it.
func (s *ScanService) dateChangedMails(sc *domain.Scan, old domain.Date) []domain.Mail {
	deadline := ""
	if end := s.ResponseDeadline(sc); end != nil {
		deadline = domain.DutchDateTime(*end, s.cfg.Location)
	}
	vog := s.VOGStatus(sc)
	return []domain.Mail{adviserDateMail(sc, old, deadline, vog), candidateDateMail(sc, deadline, vog.Kind == VOGTooOld)}
}

// deliveredMails tell the recipient that the signed advice is ready, and
// the candidate, when the organisation gives them a copy, that theirs is.
func (s *ScanService) deliveredMails(sc *domain.Scan) []domain.Mail {
	link := fmt.Sprintf("%s/scans/%s", s.cfg.BaseURL, sc.ID)
	out := []domain.Mail{recipientDeliveredMail(sc, link)}
	if sc.Policy.CandidateMayDownload {
		out = append(out, candidateDeliveredMail(sc, link))
	}
	return out
}
