package workflow

import (
	"fmt"
	"strings"

	"basisscan/domain"
)

// signalTextsKept returns a field error for every finding whose description
// is still, word for word, the template text of the signal it was accepted
// from. That text is written for the adviser ("Bespreek …", "Beoordeel of
// …"); the advice states the facts found, in the adviser's words. White
// space does not count as a rewrite.
func signalTextsKept(t *domain.Template, a *domain.Advice) []domain.FieldError {
	if t == nil || a == nil {
		return nil
	}
	var errs []domain.FieldError
	for i, f := range a.Findings {
		r, ok := ruleOfSignal(t, f.Signal)
		if !ok || strings.TrimSpace(r.Description) == "" {
			continue
		}
		if strings.Join(strings.Fields(f.Description), " ") == strings.Join(strings.Fields(r.Description), " ") {
			errs = append(errs, domain.FieldError{Field: fmt.Sprintf("findings[%d].description", i),
				Message: fmt.Sprintf("Bevinding %q heeft nog de toelichting van het signaal, die voor de adviseur is geschreven. Beschrijf de feiten die u hebt vastgesteld in uw eigen woorden.", f.Title)})
		}
	}
	return errs
}

// ruleOfSignal finds the rule a signal key names: the rule id, or for a
// group entry the rule id followed by "." and the entry.
func ruleOfSignal(t *domain.Template, key string) (domain.SignalRule, bool) {
	if key == "" {
		return domain.SignalRule{}, false
	}
	for _, r := range t.Signals {
		if key == r.ID || strings.HasPrefix(key, r.ID+".") {
			return r, true
		}
	}
	return domain.SignalRule{}, false
}
