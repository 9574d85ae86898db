package workflow

import (
	"fmt"
	"slices"
	"strings"

	"basisscan/domain"
)

// needsMeasurePlan reports whether a finding carries a measure, and so needs
// who carries it out by when: a beheersmaatregel always does.
func needsMeasurePlan(f domain.Finding) bool {
	return f.Class == domain.ClassMeasure || strings.TrimSpace(f.Measure) != ""
}

// measureYears bounds a measure's deadline date, as the appointment date is bounded.
const measureYears = 2

// measurePlanFields returns the field errors of a finding's owner and
// deadline, under prefix ("findings[2]." or ""). today is nil where only
// presence is checked (the submit guard, which has no Dutch "today").
func measurePlanFields(prefix string, owner domain.MeasureOwner, d domain.MeasureDeadline, today *domain.Date) []domain.FieldError {
	var out []domain.FieldError
	if !slices.Contains(domain.MeasureOwners, owner) {
		out = append(out, domain.FieldError{Field: prefix + "measure_owner", Message: "Kies wie de maatregel uitvoert."})
	}
	switch {
	case !slices.Contains(domain.DeadlineKinds, d.Kind):
		names := make([]string, len(domain.DeadlineKinds))
		for i, k := range domain.DeadlineKinds {
			names[i] = k.DutchName()
		}
		out = append(out, domain.FieldError{Field: prefix + "measure_deadline",
			Message: "Kies de termijn van de maatregel: " + strings.Join(names, ", ") + "."})
	case d.Kind == domain.DeadlineOnDate && d.On.IsZero():
		out = append(out, domain.FieldError{Field: prefix + "measure_deadline", Message: "Vul de datum in waarop de maatregel uiterlijk is uitgevoerd."})
	case d.Kind == domain.DeadlineOnDate && today != nil && (d.On.Before(*today) || d.On.After(today.AddDate(measureYears, 0, 0))):
		out = append(out, domain.FieldError{Field: prefix + "measure_deadline", Message: fmt.Sprintf(
			"Vul voor de maatregel een datum in tussen vandaag en %s.", today.AddDate(measureYears, 0, 0).Dutch())})
	}
	return out
}

// measurePlansOfSignals is part of the advice's guard: a finding taken from
// a signal with a measure names who carries it out by when before the
// candidate reads it. Findings the adviser saves are checked as they are saved.
func measurePlansOfSignals(a *domain.Advice) []domain.FieldError {
	if a == nil {
		return nil
	}
	var out []domain.FieldError
	for i, f := range a.Findings {
		if f.Signal == "" || !needsMeasurePlan(f) {
			continue
		}
		for _, fe := range measurePlanFields(fmt.Sprintf("findings[%d].", i), f.MeasureOwner, f.MeasureDeadline, nil) {
			fe.Message = fmt.Sprintf("Bevinding %q: %s", f.Title, fe.Message)
			out = append(out, fe)
		}
	}
	return out
}
