package domain

import (
	"fmt"
	"slices"
	"strings"
)

// QuestionType is the kind of answer a question takes.
type QuestionType string

// The question types; answers are plain JSON values.
const (
	QuestionBoolean QuestionType = "boolean" // true or false
	QuestionText    QuestionType = "text"    // a string
	QuestionChoice  QuestionType = "choice"  // one of the option values
	QuestionDate    QuestionType = "date"    // "YYYY-MM-DD"
)

// MaxTextAnswer bounds a text answer, in characters.
const MaxTextAnswer = 10000

// Template is a versioned self-questionnaire.
type Template struct {
	Version  string    `json:"version"`
	Title    string    `json:"title"`
	Sections []Section `json:"sections"`
}

// Section groups questions of one theme.
type Section struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Questions []Question `json:"questions"`
}

// Question is one question of a template.
type Question struct {
	ID       string       `json:"id"`
	Text     string       `json:"text"`
	Type     QuestionType `json:"type"`
	Required bool         `json:"required"`
	Options  []Option     `json:"options,omitempty"`
	ShowIf   *Condition   `json:"show_if,omitempty"`
}

// Option is one allowed value of a choice question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition shows a question only while an earlier answer equals a value.
type Condition struct {
	Question string `json:"question"`
	Equals   any    `json:"equals"`
}

// Answers maps question ids to plain JSON values (bool or string).
type Answers map[string]any

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

// Validate checks the template itself: unique ids, known types, options for
// choices, and conditions that refer to earlier questions.
func (t *Template) Validate() error {
	if t.Version == "" {
		return fmt.Errorf("template has no version")
	}
	seen := map[string]Question{}
	for _, s := range t.Sections {
		if s.ID == "" || s.Title == "" {
			return fmt.Errorf("template %s: a section lacks an id or title", t.Version)
		}
		for _, q := range s.Questions {
			if q.ID == "" || strings.TrimSpace(q.Text) == "" {
				return fmt.Errorf("template %s, section %s: a question lacks an id or text", t.Version, s.ID)
			}
			if _, dup := seen[q.ID]; dup {
				return fmt.Errorf("template %s: question id %q is used twice", t.Version, q.ID)
			}
			switch q.Type {
			case QuestionBoolean, QuestionText, QuestionDate:
			case QuestionChoice:
				if len(q.Options) == 0 {
					return fmt.Errorf("template %s: choice question %q has no options", t.Version, q.ID)
				}
			default:
				return fmt.Errorf("template %s: question %q has unknown type %q", t.Version, q.ID, q.Type)
			}
			if c := q.ShowIf; c != nil {
				dep, ok := seen[c.Question]
				if !ok {
					return fmt.Errorf("template %s: question %q depends on %q, which is not an earlier question", t.Version, q.ID, c.Question)
				}
				if checkValue(dep, c.Equals) != "" {
					return fmt.Errorf("template %s: question %q depends on a value %v that %q cannot take", t.Version, q.ID, c.Equals, dep.ID)
				}
			}
			seen[q.ID] = q
		}
	}
	return nil
}

// Visible reports whether q is shown given the answers so far: its condition
// holds and the question it depends on is itself visible.
func (t *Template) Visible(q Question, a Answers) bool {
	for q.ShowIf != nil {
		if v, ok := a[q.ShowIf.Question]; !ok || v != q.ShowIf.Equals {
			return false
		}
		// Validate guarantees the dependency exists and comes earlier: no cycles.
		q, _ = t.Question(q.ShowIf.Question)
	}
	return true
}

// CheckAnswers validates a draft patch against the template. A nil value
// clears an answer. It returns one FieldError per bad entry, in id order.
func (t *Template) CheckAnswers(patch Answers) []FieldError {
	var errs []FieldError
	for _, id := range sortedKeys(patch) {
		field := "answers." + id
		q, ok := t.Question(id)
		if !ok {
			errs = append(errs, FieldError{field, "Deze vraag bestaat niet in de vragenlijst."})
			continue
		}
		if patch[id] == nil {
			continue
		}
		if msg := checkValue(q, patch[id]); msg != "" {
			errs = append(errs, FieldError{field, msg})
		}
	}
	return errs
}

// checkValue returns a Dutch message when v is not a valid answer to q.
func checkValue(q Question, v any) string {
	switch q.Type {
	case QuestionBoolean:
		if _, ok := v.(bool); !ok {
			return "Het antwoord moet ja (true) of nee (false) zijn."
		}
	case QuestionText:
		s, ok := v.(string)
		if !ok {
			return "Het antwoord moet tekst zijn."
		}
		if len([]rune(s)) > MaxTextAnswer {
			return fmt.Sprintf("Het antwoord is te lang (hoogstens %d tekens).", MaxTextAnswer)
		}
	case QuestionChoice:
		s, ok := v.(string)
		if !ok || !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == s }) {
			vals := make([]string, len(q.Options))
			for i, o := range q.Options {
				vals[i] = o.Value
			}
			return "Kies een van: " + strings.Join(vals, ", ") + "."
		}
	case QuestionDate:
		s, ok := v.(string)
		if !ok {
			return "Het antwoord moet een datum zijn (JJJJ-MM-DD)."
		}
		if _, err := ParseDate(s); err != nil {
			return "Het antwoord moet een datum zijn (JJJJ-MM-DD)."
		}
	}
	return ""
}

// Merge applies a checked patch to the answers: nil clears, anything else sets.
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

// Missing returns the ids of visible required questions without an answer,
// in template order.
func (t *Template) Missing(a Answers) []string {
	var ids []string
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			if !q.Required || !t.Visible(q, a) {
				continue
			}
			v, ok := a[q.ID]
			if str, isStr := v.(string); !ok || (isStr && strings.TrimSpace(str) == "") {
				ids = append(ids, q.ID)
			}
		}
	}
	return ids
}

// Prune drops answers to questions that are hidden by their condition, so that
// nothing the candidate withdrew by changing an earlier answer is kept.
func (t *Template) Prune(a Answers) Answers {
	out := Answers{}
	for _, s := range t.Sections {
		for _, q := range s.Questions {
			if v, ok := a[q.ID]; ok && t.Visible(q, a) {
				out[q.ID] = v
			}
		}
	}
	return out
}

func sortedKeys(m Answers) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
