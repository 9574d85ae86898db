package workflow

import (
	"context"
	"fmt"
	"slices"
	"time"

	"basisscan/domain"
)

// RecordInterview records the interview. Returns EINVALID for a future date.
func (s *ScanService) RecordInterview(ctx context.Context, a domain.Actor, id string, ifMatch *int, in domain.Interview) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordInterview, func(sc *domain.Scan, _ time.Time) error {
		var errs []domain.FieldError
		if f := checkDoneOn("held_on", in.HeldOn, s.today(), "Het gesprek kan niet in de toekomst hebben plaatsgevonden."); f != nil {
			errs = append(errs, *f)
		}
		in.Attendees, in.Topics = trimAttendees(in.Attendees), trimTopics(in.Topics)
		errs = append(errs, interviewFields(in)...)
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		sc.Interview = &in
		return nil
	})
}

// RecordResearch replaces the list of open sources checked.
func (s *ScanService) RecordResearch(ctx context.Context, a domain.Actor, id string, ifMatch *int, sources []domain.ResearchSource) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordResearch, func(sc *domain.Scan, _ time.Time) error {
		var errs []domain.FieldError
		for i, src := range sources {
			if f := checkDoneOn(fmt.Sprintf("sources[%d].checked_on", i), src.CheckedOn, s.today(),
				"Een bron kan niet in de toekomst zijn geraadpleegd."); f != nil {
				errs = append(errs, *f)
			}
		}
		if len(errs) > 0 {
			return domain.Invalid(errs...)
		}
		sc.Research = sources
		return nil
	})
}

// vogLaw is the VOG's legal basis per office; only the Gemeentewet's
// article is verified, the others are named as unverified.
var vogLaw = map[domain.Office]string{
	domain.OfficeWethouder:           "Gemeentewet art. 36a lid 2 (VOG bij benoeming)",
	domain.OfficeGedeputeerde:        "Provinciewet, VOG bij benoeming (artikel niet geverifieerd)",
	domain.OfficeLidDagelijksBestuur: "Waterschapswet, VOG bij benoeming (artikel niet geverifieerd)",
	domain.OfficeEilandgedeputeerde:  "WolBES, VOG bij benoeming (artikel niet geverifieerd)",
}

// vogRefusedTitle marks the finding the service adds for a refused VOG.
const vogRefusedTitle = "Geen VOG afgegeven"

// vogRuleFor names the rule that a VOG is needed for the appointment, for
// the office's law: the Gemeentewet's article, or its equivalent.
func vogRuleFor(o domain.Office) string {
	if o == domain.OfficeWethouder {
		return "Gemeentewet art. 36a lid 2"
	}
	return vogLaw[o] + ", gelijk aan Gemeentewet art. 36a lid 2"
}

// RecordVOG records the VOG's status. An issued VOG must be of profile 01,
// not dated in the future and at most three months old at the planned
// appointment; a refused one adds a belemmering to the advice while it is
// open, and reopens an advice put to the candidate. After delivery the VOG
// is an addendum: history and audit record it, the signed advice and its
// documents stay as they are. Returns EINVALID naming the rule broken.
func (s *ScanService) RecordVOG(ctx context.Context, a domain.Actor, id string, ifMatch *int, v domain.VOG) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionRecordVOG, func(sc *domain.Scan, _ time.Time) error {
		if err := checkVOG(v, sc.PlannedAppointmentDate, s.today()); err != nil {
			return err
		}
		sc.VOG = &v
		if sc.State == domain.StateDelivered {
			return nil // the signed advice is frozen
		}
		if v.Status == domain.VOGRefused && slices.Contains(vogReviewStates, sc.State) {
			// The table reopens the advice; as ReopenAdvice does, the
			// candidate will see it, and respond to it, again.
			sc.Response = nil
			if sc.Advice != nil {
				sc.Advice.ReviewFrom = nil
			}
		}
		if v.Status == domain.VOGRefused {
			if sc.Advice == nil {
				sc.Advice = &domain.Advice{}
			}
			for _, f := range sc.Advice.Findings {
				if f.Class == domain.ClassObstruction && f.Title == vogRefusedTitle {
					return nil
				}
			}
			markEdited(sc.Advice, a)
			sc.Advice.Findings = append(sc.Advice.Findings, domain.Finding{
				Domain: domain.DomainPersonal, Title: vogRefusedTitle, Class: domain.ClassObstruction,
				Description: "Justis heeft de verklaring omtrent het gedrag (screeningsprofiel 01) geweigerd. " +
					"Zonder VOG is benoeming niet mogelijk.",
				LegalBasis: vogLaw[sc.Office],
				Measure:    "Benoeming is niet mogelijk zolang geen VOG is afgegeven.",
				// Only the candidate can apply for a new VOG, and only before appointment.
				MeasureOwner: domain.OwnerCandidate, MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineBeforeAppointment},
			})
		}
		return nil
	})
}

func checkVOG(v domain.VOG, appointment, today domain.Date) error {
	var errs []domain.FieldError
	if !v.IssuedOn.IsZero() {
		if f := checkDoneOn("issued_on", v.IssuedOn, today, "De datum van afgifte ligt in de toekomst."); f != nil {
			errs = append(errs, *f)
		}
	}
	if v.Status == domain.VOGIssued {
		if v.Profile != domain.VOGProfilePolitiek {
			errs = append(errs, domain.FieldError{Field: "profile",
				Message: "Een VOG voor een politieke ambtsdrager heeft screeningsprofiel 01."})
		}
		switch {
		case v.IssuedOn.IsZero():
			errs = append(errs, domain.FieldError{Field: "issued_on", Message: "Vul de datum van afgifte in."})
		case v.IssuedOn.Before(recordedSince), v.IssuedOn.After(today):
		case domain.VOGTooOld(v.IssuedOn, appointment):
			errs = append(errs, domain.FieldError{Field: "issued_on", Message: fmt.Sprintf(
				"De VOG is bij de beoogde benoeming op %s ouder dan drie maanden; vraag een nieuwe aan.", appointment.Dutch())})
		}
	}
	if len(errs) > 0 {
		return domain.Invalid(errs...)
	}
	return nil
}

// recordedSince is the earliest date of what the service records as done:
// a source checked, an interview held, a VOG issued. Earlier is a typing
// error (0001-01-01), never a scan of this service.
var recordedSince = domain.NewDate(2000, time.January, 1)

// checkDoneOn returns a field error unless d lies between recordedSince
// and today; future is the message for a date after today.
func checkDoneOn(field string, d, today domain.Date, future string) *domain.FieldError {
	rangeText := "vul een datum in tussen " + recordedSince.Dutch() + " en vandaag."
	switch {
	case d.After(today):
		return &domain.FieldError{Field: field, Message: future + " Vul een datum in tussen " + recordedSince.Dutch() + " en vandaag."}
	case d.Before(recordedSince):
		return &domain.FieldError{Field: field, Message: "Deze datum ligt te ver in het verleden; " + rangeText}
	}
	return nil
}
