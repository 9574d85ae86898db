// Package domaintest helps tests build domain values.
package domaintest

import (
	"strconv"
	"strings"

	"basisscan/domain"
)

// CompleteAnswers returns a plain complete set of answers to t: "no" to
// every yes/no question (so that gated follow-ups stay hidden), the first
// option of a choice, the minimum of a number, a fixed date, text for the
// rest, and one entry for a required group. text marks the text answers,
// so that tests can look for them.
func CompleteAnswers(t *domain.Template, text string) domain.Answers {
	a := domain.Answers{}
	for range 10 { // answers may reveal follow-ups; a few rounds settle them
		missing := t.Missing(a)
		if len(missing) == 0 {
			break
		}
		for _, path := range missing {
			if q, ok := t.Question(path); ok {
				a[path] = value(q, text+" "+path)
				continue
			}
			group, i, field := parsePath(path)
			g, ok := t.Question(group)
			entries, _ := a[group].([]any)
			if !ok || i < 0 || i >= len(entries) {
				continue
			}
			for _, f := range g.Fields {
				if f.ID == field {
					entries[i].(map[string]any)[field] = value(f, text+" "+path)
				}
			}
		}
	}
	return a
}

// parsePath splits "group[i].field"; i is -1 for anything else.
func parsePath(path string) (group string, i int, field string) {
	group, rest, ok := strings.Cut(path, "[")
	if !ok {
		return path, -1, ""
	}
	idx, field, ok := strings.Cut(rest, "].")
	n, err := strconv.Atoi(idx)
	if !ok || err != nil {
		return group, -1, ""
	}
	return group, n, field
}

func value(q domain.Question, text string) any {
	switch q.Type {
	case domain.QuestionBoolean:
		return false
	case domain.QuestionChoice:
		return q.Options[0].Value
	case domain.QuestionMultiChoice:
		return []any{q.Options[0].Value}
	case domain.QuestionNumber:
		if q.Min != nil {
			return *q.Min
		}
		return 0.0
	case domain.QuestionDate:
		return "2026-02-01"
	case domain.QuestionGroup:
		return []any{map[string]any{}}
	}
	return text
}
