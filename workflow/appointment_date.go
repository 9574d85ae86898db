package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"basisscan/domain"
)

// maxDateReason bounds the reason for a changed appointment date, in
// characters.
const maxDateReason = 1000

// ChangeAppointmentDate moves the planned appointment date, in every state
// before the scan is closed, with a reason; the history says why and from
// which date to which. Every rule that depends on the date (the VOG's age,
// the response deadline) is computed from the scan, so it follows. The
// adviser and the candidate are told by e-mail, through the outbox, in the
// change's transaction.
// Returns EINVALID (fields "date", "reason") without a reason or for a date
// outside the range of intake, EFORBIDDEN for anyone but the formateur, ECONFLICT once closed.
func (s *ScanService) ChangeAppointmentDate(ctx context.Context, a domain.Actor, id string, ifMatch *int, date domain.Date, reason string) (*domain.Scan, error) {
	reason = strings.TrimSpace(reason)
	sc, err := s.fireNoted(ctx, a, id, ifMatch, domain.ActionChangeAppointment,
		func(sc *domain.Scan, _ time.Time, _ domain.TxReader) ([]*domain.Document, string, error) {
			var fields []domain.FieldError
			if f := checkAppointmentDate(date, s.today()); f != nil {
				f.Field = "date" // the field of this request, not of intake's
				fields = append(fields, *f)
			} else if date == sc.PlannedAppointmentDate {
				fields = append(fields, domain.FieldError{Field: "date",
					Message: "Dit is al de beoogde benoemingsdatum; kies een andere datum."})
			}
			if reason == "" || utf8.RuneCountInString(reason) > maxDateReason {
				fields = append(fields, domain.FieldError{Field: "reason",
					Message: "Geef een reden op, in ten hoogste 1000 tekens."})
			}
			if len(fields) > 0 {
				return nil, "", domain.Invalid(fields...)
			}
			note := fmt.Sprintf("Beoogde benoemingsdatum gewijzigd van %s naar %s. Reden: %s",
				sc.PlannedAppointmentDate.Dutch(), date.Dutch(), reason)
			sc.PlannedAppointmentDate = date
			return nil, note, nil
		})
	if err != nil {
		return nil, err
	}
	return sc, nil
}
