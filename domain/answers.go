package domain

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Answers maps question ids to plain JSON values.
type Answers map[string]any

// CheckAnswers validates a draft patch against the template. A nil value
// clears an answer. It returns one FieldError per bad value, in id order,
// naming the answer's path (answers.<id>, answers.<group>[i].<field>).
//
// Date answers must lie between EarliestDate and AnswerDateYears after
// today: a birth date or a start date is of this era, a planned move or an
// end date lies within a few years.
func (t *Template) CheckAnswers(patch Answers, today Date) []FieldError {
	var errs []FieldError
	for _, id := range sortedKeys(patch) {
		field := "answers." + id
		q, ok := t.Question(id)
		if !ok {
			errs = append(errs, FieldError{Field: field, Message: "Deze vraag bestaat niet in de vragenlijst."})
			continue
		}
		if patch[id] == nil {
			continue
		}
		if q.Type == QuestionGroup {
			errs = append(errs, checkGroup(q, field, patch[id], today)...)
			continue
		}
		if msg := checkValue(q, patch[id], today); msg != "" {
			errs = append(errs, FieldError{Field: field, Message: msg})
		}
	}
	return errs
}

func checkGroup(g Question, path string, v any, today Date) []FieldError {
	entries, ok := v.([]any)
	if !ok {
		return []FieldError{{Field: path, Message: "Het antwoord moet een lijst van onderdelen zijn."}}
	}
	max := g.MaxEntries
	if max == 0 {
		max = MaxGroupEntries
	}
	if len(entries) > max {
		return []FieldError{{Field: path, Message: fmt.Sprintf("Hoogstens %d onderdelen.", max)}}
	}
	var errs []FieldError
	for i, e := range entries {
		entry, ok := e.(map[string]any)
		at := fmt.Sprintf("%s[%d]", path, i)
		if !ok {
			errs = append(errs, FieldError{Field: at, Message: "Elk onderdeel moet een object met antwoorden zijn."})
			continue
		}
		for _, id := range sortedKeys(entry) {
			f, ok := g.field(id)
			switch {
			case id == EntryIDKey:
				if v, isStr := entry[id].(string); !isStr || v == "" || len(v) > 64 || strings.ContainsAny(v, "./?#% ") || CheckText(v, false) != nil {
					errs = append(errs, FieldError{Field: at + "." + id, Message: "Laat het kenmerk van het onderdeel staan zoals u het kreeg."})
				}
			case !ok:
				errs = append(errs, FieldError{Field: at + "." + id, Message: "Dit veld bestaat niet in dit onderdeel."})
			case entry[id] == nil:
			default:
				if msg := checkValue(f, entry[id], today); msg != "" {
					errs = append(errs, FieldError{Field: at + "." + id, Message: msg})
				}
			}
		}
	}
	return errs
}

// multiline reports whether a text answer may hold line breaks: a
// long_text, and a text the template does not bound (those of 2026-1,
// which take up to MaxTextAnswer characters and hold paragraphs).
func (q Question) multiline() bool {
	return q.Type == QuestionLongText || (q.Type == QuestionText && q.MaxLength == 0)
}

// checkValue returns a Dutch message when v is not a valid answer to q. A
// zero today leaves dates unbounded: a template's conditions have no day.
func checkValue(q Question, v any, today Date) string {
	switch q.Type {
	case QuestionBoolean:
		if _, ok := v.(bool); !ok {
			return "Het antwoord moet ja (true) of nee (false) zijn."
		}
	case QuestionText, QuestionLongText:
		s, ok := v.(string)
		if !ok {
			return "Het antwoord moet tekst zijn."
		}
		max := q.MaxLength
		if max == 0 {
			max = MaxTextAnswer
			if q.Type == QuestionLongText {
				max = MaxLongTextAnswer
			}
		}
		if len([]rune(s)) > max {
			return fmt.Sprintf("Het antwoord is te lang (hoogstens %d tekens).", max)
		}
		if CheckText(s, q.multiline()) != nil {
			return BadTextMessage
		}
	case QuestionChoice:
		s, ok := v.(string)
		if !ok || !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == s }) {
			return "Kies een van: " + optionValues(q) + "."
		}
	case QuestionMultiChoice:
		list, ok := v.([]any)
		if !ok {
			return "Het antwoord moet een lijst van keuzes zijn: " + optionValues(q) + "."
		}
		seen := map[string]bool{}
		for _, x := range list {
			s, ok := x.(string)
			if !ok || seen[s] || !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == s }) {
				return "Kies elk hoogstens eenmaal uit: " + optionValues(q) + "."
			}
			seen[s] = true
		}
	case QuestionDate:
		s, ok := v.(string)
		if !ok {
			return "Het antwoord moet een datum zijn (JJJJ-MM-DD)."
		}
		d, err := ParseDate(s)
		max := today.AddDate(AnswerDateYears, 0, 0)
		switch {
		case err == errDateLayout:
			return "Het antwoord moet een datum zijn (JJJJ-MM-DD)."
		case today.IsZero() && err == nil:
		case err != nil, d.After(max):
			return fmt.Sprintf("Vul een datum in tussen %s en %s.", EarliestDate.Dutch(), max.Dutch())
		}
	case QuestionNumber:
		f, ok := v.(float64)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return "Het antwoord moet een getal zijn."
		}
		if q.Min != nil && f < *q.Min {
			return fmt.Sprintf("Het getal mag niet kleiner zijn dan %g.", *q.Min)
		}
		if q.Max != nil && f > *q.Max {
			return fmt.Sprintf("Het getal mag niet groter zijn dan %g.", *q.Max)
		}
	case QuestionGroup:
		return "Een groep wordt per onderdeel beantwoord."
	}
	return ""
}

func optionValues(q Question) string {
	vals := make([]string, len(q.Options))
	for i, o := range q.Options {
		vals[i] = o.Value
	}
	return strings.Join(vals, ", ")
}

// Merge applies a checked patch to the answers: nil clears, anything else
// sets. A group's answer is replaced whole, entries and all.
func (a Answers) Merge(patch Answers) Answers {
	out := make(Answers, len(a)+len(patch))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// EntryIDKey is the key of a group entry's stable id. The service gives
// every entry one when it is saved; clients send it back unchanged. Signal
// decisions hang on it, so that reordering or removing entries can never
// move a decision to another entry.
const EntryIDKey = "_id"

// entryKey is the entry's id, or its position for an entry that has none.
func entryKey(entry map[string]any, i int) string {
	if id, ok := entry[EntryIDKey].(string); ok && id != "" {
		return id
	}
	return strconv.Itoa(i)
}

// AssignEntryIDs gives every group entry without an id one from newID.
func (t *Template) AssignEntryIDs(a Answers, newID func() string) {
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			if q.Type != QuestionGroup {
				continue
			}
			entries, _ := a[q.ID].([]any)
			for _, e := range entries {
				if entry, ok := e.(map[string]any); ok {
					if id, _ := entry[EntryIDKey].(string); id == "" {
						entry[EntryIDKey] = newID()
					}
				}
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
