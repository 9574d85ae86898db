package domain

import (
	"fmt"
	"strings"
)

// SectionProgress tells how far a section is.
type SectionProgress struct {
	ID        string
	Title     string
	Remaining int      // required questions (or fields) still open
	Missing   []string // their answer paths
}

// empty reports whether an answer counts as not given.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	}
	return false
}

// missingIn returns the answer paths of q's open required parts.
func missingIn(q Question, v any) []string {
	if q.Type != QuestionGroup {
		if q.Required && empty(v) {
			return []string{q.ID}
		}
		return nil
	}
	entries, _ := v.([]any)
	min := q.MinEntries
	if q.Required && min == 0 {
		min = 1
	}
	var out []string
	if len(entries) < min {
		out = append(out, q.ID)
	}
	for i, e := range entries {
		entry, _ := e.(map[string]any)
		for _, f := range q.Fields {
			if f.Required && fieldVisible(q, f, entry) && empty(entry[f.ID]) {
				out = append(out, fmt.Sprintf("%s[%d].%s", q.ID, i, f.ID))
			}
		}
	}
	return out
}

// Missing returns the answer paths of visible required questions (and
// group fields) without an answer, in template order.
func (t *Template) Missing(a Answers) []string {
	var ids []string
	for _, p := range t.Progress(a) {
		ids = append(ids, p.Missing...)
	}
	return ids
}

// Progress returns per section how many required answers remain, and which.
func (t *Template) Progress(a Answers) []SectionProgress {
	out := make([]SectionProgress, 0, len(t.Sections))
	for _, s := range t.Sections {
		p := SectionProgress{ID: s.ID, Title: s.Title, Missing: []string{}}
		for _, q := range s.Questions {
			if t.Visible(q, a) {
				p.Missing = append(p.Missing, missingIn(q, a[q.ID])...)
			}
		}
		p.Remaining = len(p.Missing)
		out = append(out, p)
	}
	return out
}

// SectionOf returns the id of the section holding the question (or the
// group, for a path like "g[0].f").
func (t *Template) SectionOf(path string) string {
	id, _, _ := strings.Cut(path, "[")
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			if q.ID == id {
				return s.ID
			}
		}
	}
	return ""
}
