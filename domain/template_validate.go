package domain

import (
	"fmt"
	"slices"
	"strings"
)

// Validate checks the template itself: ids present and unique, Dutch text
// present with no unknown placeholder (and none in signal texts), known types with their options and bounds, groups with fields,
// conditions on earlier questions and values those can take, and signal
// rules on existing questions with a known domain and class. Its errors
// name the question or rule and the problem.
func (t *Template) Validate() error {
	if strings.TrimSpace(t.Version) == "" {
		return fmt.Errorf("template has no version")
	}
	if strings.TrimSpace(t.Title) == "" {
		return fmt.Errorf("template %s has no title", t.Version)
	}
	if err := checkPlaceholders(t.Title); err != nil {
		return fmt.Errorf("template %s, title: %w", t.Version, err)
	}
	seen := map[string]Question{}
	sections := map[string]bool{}
	for _, s := range t.Sections {
		if s.ID == "" || strings.TrimSpace(s.Title) == "" {
			return fmt.Errorf("template %s: a section lacks an id or title", t.Version)
		}
		if sections[s.ID] {
			return fmt.Errorf("template %s: section id %q is used twice", t.Version, s.ID)
		}
		sections[s.ID] = true
		if err := checkPlaceholders(s.Title); err != nil {
			return fmt.Errorf("template %s, section %s: %w", t.Version, s.ID, err)
		}
		for _, q := range s.Questions {
			if q.ID == "" || strings.TrimSpace(q.Text) == "" {
				return fmt.Errorf("template %s, section %s: a question lacks an id or text", t.Version, s.ID)
			}
			if strings.ContainsAny(q.ID, ".[]# ") {
				return fmt.Errorf("template %s: question id %q may not hold '.', '[', ']', '#' or spaces", t.Version, q.ID)
			}
			if _, dup := seen[q.ID]; dup {
				return fmt.Errorf("template %s: question id %q is used twice", t.Version, q.ID)
			}
			if err := validateQuestion(q, seen, true); err != nil {
				return fmt.Errorf("template %s: %w", t.Version, err)
			}
			if err := checkQuestionPlaceholders(q); err != nil {
				return fmt.Errorf("template %s: %w", t.Version, err)
			}
			seen[q.ID] = q
		}
	}
	rules := map[string]bool{}
	for _, r := range t.Signals {
		if err := t.validateRule(r, seen); err != nil {
			return fmt.Errorf("template %s: %w", t.Version, err)
		}
		if err := checkSignalTexts(r); err != nil {
			return fmt.Errorf("template %s: %w", t.Version, err)
		}
		if rules[r.ID] {
			return fmt.Errorf("template %s: signal %q is defined twice", t.Version, r.ID)
		}
		rules[r.ID] = true
	}
	return nil
}

// validateQuestion checks one question, or a field when top is false;
// earlier holds the questions (or fields) before it.
func validateQuestion(q Question, earlier map[string]Question, top bool) error {
	switch q.Type {
	case QuestionBoolean, QuestionDate, QuestionText, QuestionLongText:
	case QuestionChoice, QuestionMultiChoice:
		if len(q.Options) == 0 {
			return fmt.Errorf("question %q: a %s question needs options", q.ID, q.Type)
		}
		values := map[string]bool{}
		for _, o := range q.Options {
			if o.Value == "" || strings.TrimSpace(o.Label) == "" || values[o.Value] {
				return fmt.Errorf("question %q: every option needs a distinct value and a label", q.ID)
			}
			values[o.Value] = true
		}
	case QuestionNumber:
		if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
			return fmt.Errorf("question %q: min is above max", q.ID)
		}
	case QuestionGroup:
		if !top {
			return fmt.Errorf("question %q: a group cannot hold another group", q.ID)
		}
		if len(q.Fields) == 0 {
			return fmt.Errorf("question %q: a group needs fields", q.ID)
		}
		if q.MinEntries < 0 || q.MaxEntries < 0 || (q.MaxEntries > 0 && q.MinEntries > q.MaxEntries) {
			return fmt.Errorf("question %q: min_entries and max_entries do not fit", q.ID)
		}
		fields := map[string]Question{}
		for _, f := range q.Fields {
			if f.ID == "" || strings.TrimSpace(f.Text) == "" || strings.ContainsAny(f.ID, ".[]# ") {
				return fmt.Errorf("question %q: a field lacks an id or text, or its id holds '.', '[', ']', '#' or spaces", q.ID)
			}
			if _, dup := fields[f.ID]; dup {
				return fmt.Errorf("question %q: field id %q is used twice", q.ID, f.ID)
			}
			if err := validateQuestion(f, fields, false); err != nil {
				return fmt.Errorf("question %q, field %w", q.ID, err)
			}
			fields[f.ID] = f
		}
	default:
		return fmt.Errorf("question %q has unknown type %q", q.ID, q.Type)
	}
	if (q.Type != QuestionChoice && q.Type != QuestionMultiChoice) && len(q.Options) > 0 {
		return fmt.Errorf("question %q: only choice questions have options", q.ID)
	}
	if q.MaxLength < 0 || (q.MaxLength > 0 && q.Type != QuestionText && q.Type != QuestionLongText) {
		return fmt.Errorf("question %q: max_length is only for text questions", q.ID)
	}
	for _, o := range q.Offices {
		if !slices.Contains(Offices, o) {
			return fmt.Errorf("question %q names unknown office %q", q.ID, o)
		}
	}
	if c := q.ShowIf; c != nil {
		dep, ok := earlier[c.Question]
		if !ok {
			return fmt.Errorf("question %q depends on %q, which is not an earlier question", q.ID, c.Question)
		}
		if dep.Type == QuestionGroup {
			return fmt.Errorf("question %q depends on group %q; depend on one of its fields' questions instead", q.ID, c.Question)
		}
		if !conditionFits(dep, c.Equals) {
			return fmt.Errorf("question %q depends on a value %v that %q cannot take", q.ID, c.Equals, dep.ID)
		}
	}
	return nil
}

// conditionFits reports whether a condition's value is one q can take.
func conditionFits(q Question, v any) bool {
	if v == nil {
		return false
	}
	if q.Type == QuestionMultiChoice {
		s, ok := v.(string)
		return ok && slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == s })
	}
	return checkValue(q, v, Date{}) == ""
}

func (t *Template) validateRule(r SignalRule, questions map[string]Question) error {
	if r.ID == "" || strings.TrimSpace(r.Title) == "" {
		return fmt.Errorf("a signal lacks an id or title")
	}
	if strings.ContainsAny(r.ID, "./?#% ") {
		return fmt.Errorf("signal id %q may not hold '.', '/', '?', '#', '%%' or spaces: it goes into URLs", r.ID)
	}
	if !slices.Contains(RiskDomains, r.Domain) || !slices.Contains(FindingClasses, r.Class) {
		return fmt.Errorf("signal %q: unknown domain %q or class %q", r.ID, r.Domain, r.Class)
	}
	for _, o := range r.Offices {
		if !slices.Contains(Offices, o) {
			return fmt.Errorf("signal %q names unknown office %q", r.ID, o)
		}
	}
	groupID, fieldID, inGroup := strings.Cut(r.When.Question, ".")
	q, ok := questions[groupID]
	if ok && inGroup {
		if q.Type != QuestionGroup {
			return fmt.Errorf("signal %q: %q is no group", r.ID, groupID)
		}
		q, ok = q.field(fieldID)
	}
	if !ok || q.Type == QuestionGroup {
		return fmt.Errorf("signal %q watches %q, which is no question", r.ID, r.When.Question)
	}
	if !conditionFits(q, r.When.Equals) {
		return fmt.Errorf("signal %q watches for a value %v that %q cannot take", r.ID, r.When.Equals, r.When.Question)
	}
	for _, c := range append(slices.Clip(r.And), r.Unless...) {
		g, f, grouped := strings.Cut(c.Question, ".")
		if grouped != inGroup || (inGroup && g != groupID) {
			return fmt.Errorf("signal %q: its further condition on %q must be on %s", r.ID, c.Question,
				map[bool]string{true: "a field of group " + groupID, false: "a question outside groups"}[inGroup])
		}
		q, ok := questions[g]
		if ok && grouped {
			q, ok = q.field(f)
		}
		if !ok || q.Type == QuestionGroup || !conditionFits(q, c.Equals) {
			return fmt.Errorf("signal %q: further condition on %q names no question or a value it cannot take", r.ID, c.Question)
		}
	}
	return nil
}
