package domain

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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

// Answers maps question ids to plain JSON values.
type Answers map[string]any

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

// SectionProgress tells how far a section is.
type SectionProgress struct {
	ID        string
	Title     string
	Remaining int      // required questions (or fields) still open
	Missing   []string // their answer paths
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
