package domain

import (
	"fmt"
	"slices"
	"strings"
)

// The placeholders a template's question texts may hold, filled per scan
// when the questionnaire reaches a person: the candidate reads the name of
// the organisation, not "het bestuursorgaan waarvoor u wordt voorgedragen".
const (
	PlaceholderOrganisation = "{organisatie}" // the organisation's name, as the scan holds it
	PlaceholderOffice       = "{ambt}"        // the office in Dutch (Office.DutchName)
)

// Placeholders lists every placeholder a template text may hold.
var Placeholders = []string{PlaceholderOrganisation, PlaceholderOffice}

// FillText returns s with every placeholder replaced: the organisation's
// name and the office's Dutch name. It is the one place that substitutes;
// the values are put in as they are, never filled again.
func FillText(s, organisation string, o Office) string {
	if !strings.Contains(s, "{") {
		return s
	}
	return strings.NewReplacer(PlaceholderOrganisation, organisation, PlaceholderOffice, o.DutchName()).Replace(s)
}

// Filled returns a copy of the template with the placeholders of its
// titles, questions, help texts, option labels and group fields filled for
// one scan; the template itself is shared and stays as it is. Signal texts
// hold no placeholders (Validate): they become findings and the advice.
func (t *Template) Filled(organisation string, o Office) *Template {
	fill := func(s string) string { return FillText(s, organisation, o) }
	var question func(q Question) Question
	question = func(q Question) Question {
		q.Text, q.Help = fill(q.Text), fill(q.Help)
		q.Options = slices.Clone(q.Options)
		for i := range q.Options {
			q.Options[i].Label = fill(q.Options[i].Label)
		}
		if q.Fields != nil {
			fields := make([]Question, len(q.Fields))
			for i, f := range q.Fields {
				fields[i] = question(f)
			}
			q.Fields = fields
		}
		return q
	}
	out := &Template{Version: t.Version, Title: fill(t.Title), Signals: t.Signals, Sections: make([]Section, len(t.Sections))}
	for i, s := range t.Sections {
		sec := Section{ID: s.ID, Title: fill(s.Title), Questions: make([]Question, len(s.Questions))}
		for j, q := range s.Questions {
			sec.Questions[j] = question(q)
		}
		out.Sections[i] = sec
	}
	return out
}

// checkPlaceholders returns an error naming the first brace in s that does
// not open a known placeholder, or a closing brace without one.
func checkPlaceholders(s string) error {
	rest := s
	for {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			return nil
		}
		known := ""
		for _, p := range Placeholders {
			if strings.HasPrefix(rest[i:], p) {
				known = p
			}
		}
		if known == "" {
			bad, _, _ := strings.Cut(rest[i:], " ")
			if j := strings.Index(bad, "}"); j >= 0 {
				bad = bad[:j+1]
			}
			return fmt.Errorf("unknown placeholder %q in %q; known are %s", bad, s, strings.Join(Placeholders, ", "))
		}
		rest = rest[i+len(known):]
	}
}

// checkQuestionPlaceholders checks the texts of a question and its fields.
func checkQuestionPlaceholders(q Question) error {
	texts := []string{q.Text, q.Help}
	for _, o := range q.Options {
		texts = append(texts, o.Label)
	}
	for _, s := range texts {
		if err := checkPlaceholders(s); err != nil {
			return fmt.Errorf("question %q: %w", q.ID, err)
		}
	}
	for _, f := range q.Fields {
		if err := checkQuestionPlaceholders(f); err != nil {
			return fmt.Errorf("question %q, field %w", q.ID, err)
		}
	}
	return nil
}

// checkSignalTexts refuses braces in a signal's texts: they are copied into
// findings and the advice, where nothing fills them.
func checkSignalTexts(r SignalRule) error {
	for _, s := range []string{r.Title, r.Description, r.LegalBasis, r.Measure} {
		if strings.ContainsAny(s, "{}") {
			return fmt.Errorf("signal %q: its texts may hold no placeholder or brace: %q", r.ID, s)
		}
	}
	return nil
}
