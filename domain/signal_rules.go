package domain

import (
	"strings"
)

// SignalRule marks an answer that points at a known integrity risk. When it
// fires it suggests a finding to the adviser.
type SignalRule struct {
	ID string `json:"id"`
	// When names a question, or "group.field" for each entry of a group.
	When        Condition    `json:"when"`
	Offices     []Office     `json:"offices,omitempty"`
	Domain      RiskDomain   `json:"domain"`
	Class       FindingClass `json:"class"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	LegalBasis  string       `json:"legal_basis,omitempty"`
	// Source names the text of the law the citation was checked against
	// (its BWB id), or says that the article could not be verified.
	Source  string `json:"source,omitempty"`
	Measure string `json:"measure,omitempty"`
	// And are further conditions that must hold as well: on questions, or
	// for a group rule on fields of the same entry ("group.field").
	And []Condition `json:"and,omitempty"`
	// Unless are conditions that keep the rule from firing when any holds;
	// an unanswered one does not: a rule that may name a belemmering
	// stays until the answer that lifts it is given.
	Unless []Condition `json:"unless,omitempty"`
	// AdviserWordsOnly marks a signal whose template text must never become
	// a finding: the adviser accepts it only with a title and description
	// of their own.
	AdviserWordsOnly bool `json:"adviser_words_only,omitempty"`
}

// Signal is a rule that fired on a scan's answers.
type Signal struct {
	Key     string         // the rule id, with ".<entry id>" for a group entry: safe in a URL path
	Rule    SignalRule     //
	Answer  any            // the answer that triggered it
	Entry   map[string]any // the whole group entry, for a group rule
	Section string         // title of the section of the question
}

// Triggered returns the rules that fire on the visible answers, in rule
// order; a group rule fires once per matching entry.
func (t *Template) Triggered(a Answers) []Signal {
	var out []Signal
	for _, r := range t.Signals {
		groupID, fieldID, inGroup := strings.Cut(r.When.Question, ".")
		q, ok := t.Question(groupID)
		if !ok || !t.Visible(q, a) {
			continue
		}
		section := t.sectionTitle(groupID)
		if !inGroup {
			if holds(r.When, a[q.ID]) && t.alsoHolds(r.And, a) && !t.anyHolds(r.Unless, a) {
				out = append(out, Signal{Key: r.ID, Rule: r, Answer: a[q.ID], Section: section})
			}
			continue
		}
		f, _ := q.field(fieldID)
		entries, _ := a[groupID].([]any)
		for i, e := range entries {
			entry, _ := e.(map[string]any)
			if entry != nil && fieldVisible(q, f, entry) && holds(r.When, entry[fieldID]) && entryHolds(q, r.And, entry) &&
				!entryAnyHolds(q, r.Unless, entry) {
				out = append(out, Signal{Key: r.ID + "." + entryKey(entry, i), Rule: r, Answer: entry[fieldID],
					Entry: entry, Section: section})
			}
		}
	}
	return out
}

// alsoHolds reports whether every further condition holds on a visible
// answer.
func (t *Template) alsoHolds(conds []Condition, a Answers) bool {
	for _, c := range conds {
		q, ok := t.Question(c.Question)
		if !ok || !t.Visible(q, a) || !holds(c, a[c.Question]) {
			return false
		}
	}
	return true
}

// entryHolds is alsoHolds for conditions on fields of one group entry.
func entryHolds(g Question, conds []Condition, entry map[string]any) bool {
	for _, c := range conds {
		_, id, _ := strings.Cut(c.Question, ".")
		f, ok := g.field(id)
		if !ok || !fieldVisible(g, f, entry) || !holds(Condition{Question: id, Equals: c.Equals}, entry[id]) {
			return false
		}
	}
	return true
}

// anyHolds reports whether some condition holds on a visible answer.
func (t *Template) anyHolds(conds []Condition, a Answers) bool {
	for _, c := range conds {
		if t.alsoHolds([]Condition{c}, a) {
			return true
		}
	}
	return false
}

// entryAnyHolds is anyHolds for conditions on fields of one group entry.
func entryAnyHolds(g Question, conds []Condition, entry map[string]any) bool {
	for _, c := range conds {
		if entryHolds(g, []Condition{c}, entry) {
			return true
		}
	}
	return false
}

func (t *Template) sectionTitle(questionID string) string {
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			if q.ID == questionID {
				return s.Title
			}
		}
	}
	return ""
}
