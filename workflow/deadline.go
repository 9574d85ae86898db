package workflow

import (
	"time"

	"basisscan/domain"
)

// ResponseDeadline returns until when the candidate can respond to the
// draft advice put to them, or nil when none is put to them.
func (s *ScanService) ResponseDeadline(sc *domain.Scan) *time.Time {
	if sc.State != domain.StateCandidateReview {
		return nil
	}
	return responseDeadline(sc, s.cfg.ResponsePeriod, s.cfg.Location)
}

// responseDeadline is the one rule of the response period: the configured
// period from the moment the advice was put to the candidate, but never past
// the end of the day before the planned appointment (in loc), so that the
// response is in before the appointment. Computed from the scan every time:
// a changed appointment date moves it. Nil when no advice is put to them.
func responseDeadline(sc *domain.Scan, period time.Duration, loc *time.Location) *time.Time {
	if sc.Advice == nil || sc.Advice.ReviewFrom == nil {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	end := sc.Advice.ReviewFrom.Add(period)
	d := sc.PlannedAppointmentDate
	if !d.IsZero() {
		// Midnight at the start of the appointment day is the end of the day before.
		t := d.Time()
		limit := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc).UTC()
		if limit.Before(end) {
			end = limit
		}
	}
	return &end
}

// questionnaireDue is the questionnaire's deadline for a consent given at now.
func (s *ScanService) questionnaireDue(now time.Time) *time.Time {
	due := now.Add(s.cfg.QuestionnairePeriod)
	return &due
}
