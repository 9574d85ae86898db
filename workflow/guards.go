package workflow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"basisscan/domain"
)

// The guards of the transition table. Their names appear in the diagram.
var (
	consentGiven = Guard{Name: "consent given", Check: func(s *domain.Scan, _ Rules) error {
		if s.Consent == nil || !s.Consent.Given || s.Consent.TextVersion == "" {
			return domain.Errorf(domain.EINVALID, "Er is geen toestemming vastgelegd.")
		}
		return nil
	}}
	consentRefused = Guard{Name: "consent refused", Check: func(s *domain.Scan, _ Rules) error {
		if s.Consent == nil || s.Consent.Given {
			return domain.Errorf(domain.EINVALID, "Er is geen weigering vastgelegd.")
		}
		return nil
	}}
	requiredAnswered = Guard{Name: "every required question answered", Check: func(s *domain.Scan, r Rules) error {
		if missing := r.Template.Missing(s.Answers); len(missing) > 0 {
			return missingError(r.Template, missing)
		}
		return nil
	}}
	vogValid = Guard{Name: "valid VOG on record", Check: func(s *domain.Scan, r Rules) error {
		if !s.VOG.ValidFor(s.PlannedAppointmentDate, domain.DateOf(r.Now)) {
			return domain.Errorf(domain.ECONFLICT, "Er is geen geldige VOG vastgelegd.")
		}
		return nil
	}}
	// vogDecided lets the advice be written while Justis decides: a VOG on
	// record as requested is enough to go on (issue 12); the outcome waits
	// for a valid one (appointable).
	vogDecided = Guard{Name: "VOG requested, valid or refused", Check: func(s *domain.Scan, r Rules) error {
		if s.VOG != nil && (s.VOG.Status == domain.VOGRequested || s.VOG.Status == domain.VOGRefused) {
			return nil
		}
		return vogValid.Check(s, r)
	}}
	// vogRefused reopens an advice already put to the candidate: it must now
	// name the refusal and conclude ontraden before anyone signs it.
	vogRefused = Guard{Name: "VOG refused", Check: func(s *domain.Scan, _ Rules) error {
		if s.VOG == nil || s.VOG.Status != domain.VOGRefused {
			return domain.Errorf(domain.ECONFLICT, "De VOG is niet geweigerd.")
		}
		return nil
	}}
	// appointable keeps "benoemd" from being recorded without a valid VOG
	// for the planned appointment date; "niet benoemd" is always possible.
	appointable = Guard{Name: "benoemd only with a valid VOG for the appointment date", Check: func(s *domain.Scan, r Rules) error {
		if s.Outcome != domain.OutcomeAppointed {
			return nil
		}
		loc := r.Location
		if loc == nil {
			loc = time.UTC
		}
		if s.VOG.ValidFor(s.PlannedAppointmentDate, domain.DateOf(r.Now.In(loc))) {
			return nil
		}
		return domain.Invalid(domain.FieldError{Field: "outcome", Message: fmt.Sprintf(
			"U kunt 'benoemd' pas vastleggen als er een geldige VOG is voor de benoeming op %s: een VOG met "+
				"screeningsprofiel 01 van ten hoogste drie maanden oud (%s). U kunt wel 'niet benoemd' vastleggen.",
			s.PlannedAppointmentDate.Dutch(), vogRuleFor(s.Office))})
	}}
	// adviceComplete holds every rule of putting the advice to the
	// candidate, so that the table and its diagram tell them all.
	adviceComplete = Guard{Name: "conclusion and summary; every suggested belemmering in the advice or dismissed; " +
		"ontraden when a belemmering exists or the VOG was refused; no finding with its signal's text; " +
		"owner and deadline of every accepted signal's measure", Check: func(s *domain.Scan, r Rules) error {
		if err := obstructionsSettled(r.Template, s); err != nil {
			return err
		}
		if s.VOG != nil && s.VOG.Status == domain.VOGRefused && s.Advice != nil &&
			s.Advice.Conclusion != domain.ConclusionAdvisedOff {
			return domain.Invalid(domain.FieldError{Field: "conclusion",
				Message: "De VOG is geweigerd: de conclusie moet 'ontraden' zijn."})
		}
		a := s.Advice
		if a == nil {
			return domain.Invalid(
				domain.FieldError{Field: "conclusion", Message: "Kies een conclusie."},
				domain.FieldError{Field: "summary", Message: "Schrijf een samenvatting."})
		}
		var fields []domain.FieldError
		if a.Conclusion == "" {
			fields = append(fields, domain.FieldError{Field: "conclusion", Message: "Kies een conclusie."})
		}
		if a.Summary == "" {
			fields = append(fields, domain.FieldError{Field: "summary", Message: "Schrijf een samenvatting."})
		}
		if a.HasObstruction() && a.Conclusion != domain.ConclusionAdvisedOff {
			fields = append(fields, domain.FieldError{Field: "conclusion",
				Message: "Bij een belemmering is de conclusie 'ontraden' verplicht."})
		}
		fields = append(fields, signalTextsKept(r.Template, a)...) // signal_text.go
		fields = append(fields, measurePlansOfSignals(a)...)
		if len(fields) > 0 {
			return domain.Invalid(fields...)
		}
		return nil
	}}
	responsePeriodOver = Guard{Name: "response period over (capped by the appointment date)", Precondition: true, Check: func(s *domain.Scan, r Rules) error {
		end := responseDeadline(s, r.ResponsePeriod, r.Location)
		if end == nil {
			return domain.Errorf(domain.ECONFLICT, "Het advies is niet aan de kandidaat voorgelegd.")
		}
		if r.Now.Before(*end) {
			return domain.Errorf(domain.ECONFLICT, "De reactietermijn van de kandidaat loopt nog tot %s.",
				domain.DutchDateTime(*end, r.Location))
		}
		return nil
	}}
	// fourEyes keeps everyone who changed the advice's content (see
	// markEdited) from signing it, when the organisation works with four eyes.
	fourEyes = Guard{Name: "four eyes: signer changed nothing in the advice", Precondition: true, Check: func(s *domain.Scan, r Rules) error {
		a := s.Advice
		if !s.Policy.FourEyes || a == nil {
			return nil
		}
		if a.WrittenBy == r.By || slices.Contains(a.EditedBy, r.By) {
			return domain.Errorf(domain.EFORBIDDEN, "Een andere adviseur moet het advies ondertekenen: uw organisatie werkt "+
				"met het vier-ogenprincipe en u heeft de inhoud van het advies gewijzigd. De formateur kan zo nodig een "+
				"tweede adviseur toewijzen die het advies niet heeft gewijzigd.")
		}
		return nil
	}}
	// responseWeighed keeps a disagreeing response from being passed over:
	// the adviser records how it was weighed before signing.
	responseWeighed = Guard{Name: "a disagreeing response weighed", Precondition: true, Check: func(s *domain.Scan, _ Rules) error {
		if s.Response == nil || !s.Response.Given || s.Response.Agrees {
			return nil
		}
		if s.Advice == nil || s.Advice.Weighing == nil || strings.TrimSpace(s.Advice.Weighing.Explanation) == "" {
			return domain.Errorf(domain.ECONFLICT, "De kandidaat is het niet eens met het advies. Leg eerst vast hoe u "+
				"de reactie heeft gewogen: of u het advies heeft aangepast, of waarom u het handhaaft.")
		}
		return nil
	}}
	signOffReady = allOf(fourEyes, responseWeighed)
	reasonGiven  = Guard{Name: "reason given", Check: func(s *domain.Scan, _ Rules) error {
		if s.EndReason == "" {
			return domain.Invalid(domain.FieldError{Field: "reason", Message: "Geef een reden op."})
		}
		return nil
	}}
)

// allOf is a guard that holds when every one of gs holds, checked in order;
// a precondition when each of them is. One row has one guard, and sign-off
// has two rules.
func allOf(gs ...Guard) Guard {
	names := make([]string, len(gs))
	pre := true
	for i, g := range gs {
		names[i], pre = g.Name, pre && g.Precondition
	}
	return Guard{Name: strings.Join(names, "; "), Precondition: pre, Check: func(s *domain.Scan, r Rules) error {
		for _, g := range gs {
			if err := g.Check(s, r); err != nil {
				return err
			}
		}
		return nil
	}}
}
