package pdf

import (
	"slices"
	"strings"
	"time"

	"basisscan/domain"
)

// The facts of a scan as the documents state them, derived in one place so
// that the full advice and the raad's summary say the same.

// recipientText is the recipient with the capacity they receive the
// advice in: "Pieter Bakker, formateur".
func recipientText(s *domain.Scan) string {
	name := s.Recipient.Name
	if name == "" {
		name = notRecorded
	}
	return name + ", " + s.RecipientRole.DutchName()
}

// portfolioText is the intended portefeuille, or that none was given.
func portfolioText(p string) string {
	if strings.TrimSpace(p) == "" {
		return "niet opgegeven"
	}
	return p
}

// peildatum is the last day of the information the advice rests on: the
// latest of the open sources' dates, the interview and the questionnaire's
// submission, or the day of sign-off when none is recorded.
func peildatum(s *domain.Scan, loc *time.Location) domain.Date {
	var last domain.Date
	later := func(d domain.Date) {
		if !d.IsZero() && d.After(last) {
			last = d
		}
	}
	for _, src := range s.Research {
		later(src.CheckedOn)
	}
	if s.Interview != nil {
		later(s.Interview.HeldOn)
	}
	if s.SubmittedAt != nil {
		later(domain.DateOf(s.SubmittedAt.In(loc)))
	}
	if last.IsZero() {
		last = domain.DateOf(s.Advice.SignedAt.In(loc))
	}
	return last
}

// scopeText states the scope of the advice and its peildatum.
func scopeText(s *domain.Scan, loc *time.Location) string {
	return "Dit advies is gebaseerd op informatie van de kandidaat en openbare bronnen tot en met " + peildatum(s, loc).Dutch() + "."
}

// vogAtSignOff is the VOG as it stood at sign-off: the copy the sign-off
// kept, or, for an advice signed before that copy existed, the scan's.
func vogAtSignOff(s *domain.Scan) *domain.VOG {
	if s.Advice.VOGAtSignOff != nil {
		return s.Advice.VOGAtSignOff
	}
	return s.VOG
}

// dutchTime is Europe/Amsterdam, for the day of sign-off where no Renderer
// is at hand (RaadChecksum). time/tzdata is linked in: it cannot fail.
var dutchTime = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return loc
}()

// vogConditionText is the open condition of an advice signed without a VOG
// valid for the appointment date.
const vogConditionText = "Benoeming pas na een VOG van ten hoogste drie maanden oud op de dag van benoeming."

// vogCondition is the open condition when the VOG at sign-off does not
// allow the appointment on its planned date (requested, none, too old), or
// "". A refused VOG is a belemmering in the advice itself, not a condition.
func vogCondition(s *domain.Scan) string {
	v := vogAtSignOff(s)
	if v != nil && v.Status == domain.VOGRefused {
		return ""
	}
	signed := domain.DateOf(s.Advice.SignedAt.In(dutchTime))
	if v.ValidFor(s.PlannedAppointmentDate, signed) {
		return ""
	}
	return vogConditionText
}

// vogValidUntil is the last appointment day for which a VOG issued on
// issued is young enough (domain.VOGTooOld, the one place of that rule):
// about three months on, exactly as the rule reads at month ends.
func vogValidUntil(issued domain.Date) domain.Date {
	d := issued.AddMonths(domain.VOGMaxAgeMonths)
	for domain.VOGTooOld(issued, d) {
		d = d.AddDate(0, 0, -1)
	}
	for !domain.VOGTooOld(issued, d.AddDate(0, 0, 1)) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// vogText describes the VOG by status, issue date, profile and how long it
// serves the appointment only: the domain holds no offence text and the
// advice must never suggest any.
func vogText(v *domain.VOG, planned domain.Date) string {
	if v == nil {
		return notRecorded
	}
	switch v.Status {
	case domain.VOGIssued:
		profile := notRecorded
		if v.Profile != "" {
			profile = label(vogProfileLabels, v.Profile)
		}
		s := "afgegeven op " + formatDate(v.IssuedOn) + ", screeningsprofiel " + profile
		if v.IssuedOn.IsZero() {
			return s
		}
		s += "; geldig voor een benoeming tot en met " + vogValidUntil(v.IssuedOn).Dutch()
		if !planned.IsZero() && domain.VOGTooOld(v.IssuedOn, planned) {
			s += ", te oud voor de beoogde benoemingsdatum"
		}
		return s
	case domain.VOGRefused:
		return "geweigerd"
	case domain.VOGRequested:
		return "aangevraagd, nog niet afgegeven"
	case "":
		return notRecorded
	}
	return string(v.Status) // a status newer than this package: shown raw rather than hidden
}

// sourceLine is one kind of open source and what the advice says of it.
type sourceLine struct{ label, text string }

// sourcesByKind says of every kind of open source whether it was consulted
// and on which days, in the domain's order; kinds not consulted say so, so
// that the reader sees what was not verified too. Notes never appear.
func sourcesByKind(research []domain.ResearchSource) []sourceLine {
	kinds := slices.Clone(domain.SourceKinds)
	for _, src := range research {
		if !slices.Contains(kinds, src.Source) {
			kinds = append(kinds, src.Source) // newer than this package: shown raw rather than hidden
		}
	}
	lines := make([]sourceLine, 0, len(kinds))
	for _, k := range kinds {
		var days []string
		for _, src := range research {
			if src.Source == k {
				days = append(days, formatDate(src.CheckedOn))
			}
		}
		text := "niet geraadpleegd"
		if days != nil {
			text = "geraadpleegd op " + strings.Join(days, ", ")
		}
		lines = append(lines, sourceLine{label(sourceLabels, k), text})
	}
	return lines
}

// attendeesText names who attended the interview, with their part.
func attendeesText(as []domain.Attendee) string {
	if len(as) == 0 {
		return notRecorded
	}
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.Name
		if a.Role != "" {
			parts[i] += " (" + a.Role + ")"
		}
	}
	return strings.Join(parts, "; ")
}

// topicsText lists the topics discussed at the interview.
func topicsText(ts []string) string {
	if len(ts) == 0 {
		return notRecorded
	}
	return strings.Join(ts, "; ")
}

// measureExecution is who carries out a finding's measure by when, as far as
// the advice says: "de kandidaat, vóór benoeming".
func measureExecution(f domain.Finding, kind domain.OrganisationKind) string {
	var parts []string
	if f.MeasureOwner != "" {
		parts = append(parts, f.MeasureOwner.DutchNameFor(kind))
	}
	if !f.MeasureDeadline.IsZero() {
		parts = append(parts, f.MeasureDeadline.Dutch())
	}
	return strings.Join(parts, ", ")
}
