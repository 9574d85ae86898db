package workflow

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"basisscan/domain"
)

// Bounds of the interview's attendees and topics.
const (
	maxAttendees   = 20
	maxTopics      = 30
	maxInterviewLn = 200 // characters of a name, a role or a topic
)

// trimAttendees trims every name and role and drops the rows left empty:
// a blank row of the form is no attendee.
func trimAttendees(in []domain.Attendee) []domain.Attendee {
	out := []domain.Attendee{}
	for _, at := range in {
		at.Name, at.Role = strings.TrimSpace(at.Name), strings.TrimSpace(at.Role)
		if at.Name != "" || at.Role != "" {
			out = append(out, at)
		}
	}
	return out
}

// trimTopics trims every topic and drops the empty ones.
func trimTopics(in []string) []string {
	out := []string{}
	for _, t := range in {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// interviewFields checks who attended the interview and what was discussed:
// at least one attendee with a name and a role, and short single-line texts.
func interviewFields(in domain.Interview) []domain.FieldError {
	var errs []domain.FieldError
	line := func(field, what, v string) {
		switch {
		case v == "":
			errs = append(errs, domain.FieldError{Field: field, Message: "Vul " + what + " in."})
		case utf8.RuneCountInString(v) > maxInterviewLn || domain.CheckText(v, false) != nil:
			errs = append(errs, domain.FieldError{Field: field,
				Message: fmt.Sprintf("Vul %s in op één regel, in ten hoogste %d tekens.", what, maxInterviewLn)})
		}
	}
	switch {
	case len(in.Attendees) == 0:
		errs = append(errs, domain.FieldError{Field: "attendees", Message: "Vul in wie bij het gesprek aanwezig waren, met naam en rol."})
	case len(in.Attendees) > maxAttendees:
		errs = append(errs, domain.FieldError{Field: "attendees", Message: fmt.Sprintf("Vul ten hoogste %d aanwezigen in.", maxAttendees)})
	}
	for i, at := range in.Attendees {
		line(fmt.Sprintf("attendees[%d].name", i), "de naam van de aanwezige", at.Name)
		line(fmt.Sprintf("attendees[%d].role", i), "de rol van de aanwezige", at.Role)
	}
	if len(in.Topics) > maxTopics {
		errs = append(errs, domain.FieldError{Field: "topics", Message: fmt.Sprintf("Vul ten hoogste %d onderwerpen in.", maxTopics)})
	}
	for i, t := range in.Topics {
		line(fmt.Sprintf("topics[%d]", i), "het onderwerp", t)
	}
	return errs
}
