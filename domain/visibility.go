package domain

import (
	"slices"
)

// holds reports whether the answer v satisfies a condition on it.
func holds(c Condition, v any) bool {
	if list, ok := v.([]any); ok {
		return slices.Contains(list, c.Equals)
	}
	if f, ok := v.(float64); ok {
		g, ok := c.Equals.(float64)
		return ok && f == g
	}
	return v != nil && v == c.Equals
}

// Visible reports whether q is shown given the answers so far: its condition
// holds and the question it depends on is itself visible.
func (t *Template) Visible(q Question, a Answers) bool {
	for q.ShowIf != nil {
		if !holds(*q.ShowIf, a[q.ShowIf.Question]) {
			return false
		}
		// Validate guarantees the dependency exists and comes earlier: no cycles.
		q, _ = t.Question(q.ShowIf.Question)
	}
	return true
}

// fieldVisible is Visible for a field within one group entry.
func fieldVisible(g Question, f Question, entry map[string]any) bool {
	for f.ShowIf != nil {
		if !holds(*f.ShowIf, entry[f.ShowIf.Question]) {
			return false
		}
		f, _ = g.field(f.ShowIf.Question)
	}
	return true
}

// Prune drops answers to questions hidden by their condition, and within
// group entries the fields hidden by theirs: what the candidate took back
// by changing an earlier answer is not kept.
func (t *Template) Prune(a Answers) Answers {
	out := Answers{}
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			v, ok := a[q.ID]
			if !ok || !t.Visible(q, a) {
				continue
			}
			if q.Type == QuestionGroup {
				v = pruneEntries(q, v)
			}
			out[q.ID] = v
		}
	}
	return out
}

func pruneEntries(g Question, v any) any {
	entries, ok := v.([]any)
	if !ok {
		return v
	}
	kept := make([]any, 0, len(entries))
	for _, e := range entries {
		entry, ok := e.(map[string]any)
		if !ok {
			kept = append(kept, e)
			continue
		}
		clean := map[string]any{}
		if id, ok := entry[EntryIDKey]; ok {
			clean[EntryIDKey] = id
		}
		for _, f := range g.Fields {
			if x, ok := entry[f.ID]; ok && fieldVisible(g, f, entry) {
				clean[f.ID] = x
			}
		}
		kept = append(kept, clean)
	}
	return kept
}
