package domain

import (
	"slices"
)

// QuestionType is the kind of answer a question takes.
type QuestionType string

// The question types. Answers are plain JSON values: a boolean, a string, a
// list of strings, a number, or for a group a list of entries, each an
// object of field answers.
const (
	QuestionBoolean     QuestionType = "boolean"      // true or false
	QuestionText        QuestionType = "text"         // a short string
	QuestionLongText    QuestionType = "long_text"    // a long string
	QuestionChoice      QuestionType = "choice"       // one of the option values
	QuestionMultiChoice QuestionType = "multi_choice" // a list of distinct option values
	QuestionDate        QuestionType = "date"         // "YYYY-MM-DD"
	QuestionNumber      QuestionType = "number"       // a number between min and max
	QuestionGroup       QuestionType = "group"        // repeatable entries of fields
)

// Default bounds of answers, where the template sets none.
const (
	MaxTextAnswer     = 10000 // characters of a text answer; as in template 2026-1, whose scans must not break
	MaxLongTextAnswer = 20000 // characters of a long_text answer
	MaxGroupEntries   = 50    // entries of a group
	AnswerDateYears   = 10    // a date answer lies at most this many years after today
)

// Template is a versioned self-questionnaire. A scan is pinned to the
// version it started with, so a new version never touches running scans.
type Template struct {
	Version  string       `json:"version"`
	Title    string       `json:"title"`
	Sections []Section    `json:"sections"`
	Signals  []SignalRule `json:"signals,omitempty"`
}

// Section groups questions of one theme.
type Section struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Questions []Question `json:"questions"`
}

// Question is one question of a template, or one field of a group.
type Question struct {
	ID        string       `json:"id"`
	Text      string       `json:"text"`
	Help      string       `json:"help,omitempty"`
	Type      QuestionType `json:"type"`
	Required  bool         `json:"required"`
	Options   []Option     `json:"options,omitempty"`
	ShowIf    *Condition   `json:"show_if,omitempty"`
	MaxLength int          `json:"max_length,omitempty"` // text, long_text
	Min       *float64     `json:"min,omitempty"`        // number
	Max       *float64     `json:"max,omitempty"`        // number
	// Fields are the questions of each entry of a group; a field's show_if
	// refers to an earlier field of the same entry.
	Fields     []Question `json:"fields,omitempty"`
	MinEntries int        `json:"min_entries,omitempty"` // group; a required group needs at least one
	MaxEntries int        `json:"max_entries,omitempty"` // group
	// Offices limits the question to scans for these offices; empty: all.
	Offices []Office `json:"offices,omitempty"`
}

// Option is one allowed value of a choice question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition holds while an earlier answer equals a value; for a
// multi_choice answer, while it contains the value.
type Condition struct {
	Question string `json:"question"`
	Equals   any    `json:"equals"`
}

// For returns the template as a scan for the office sees it: questions,
// fields and signals limited to other offices are left out.
func (t *Template) For(o Office) *Template {
	keep := func(offices []Office) bool { return len(offices) == 0 || slices.Contains(offices, o) }
	out := &Template{Version: t.Version, Title: t.Title}
	for _, s := range t.Sections {
		sec := Section{ID: s.ID, Title: s.Title}
		for _, q := range s.Questions {
			if !keep(q.Offices) {
				continue
			}
			if q.Type == QuestionGroup {
				fields := q.Fields[:0:0]
				for _, f := range q.Fields {
					if keep(f.Offices) {
						fields = append(fields, f)
					}
				}
				q.Fields = fields
			}
			sec.Questions = append(sec.Questions, q)
		}
		if len(sec.Questions) > 0 {
			out.Sections = append(out.Sections, sec)
		}
	}
	for _, r := range t.Signals {
		if keep(r.Offices) {
			out.Signals = append(out.Signals, r)
		}
	}
	return out
}

// Question returns the question with the given id.
func (t *Template) Question(id string) (Question, bool) {
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			if q.ID == id {
				return q, true
			}
		}
	}
	return Question{}, false
}

// field returns the field of a group question.
func (q Question) field(id string) (Question, bool) {
	for _, f := range q.Fields {
		if f.ID == id {
			return f, true
		}
	}
	return Question{}, false
}
