package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"basisscan/domain"
)

// questQuestion is one question (or one field of a group entry) as the form
// shows it.
type questQuestion struct {
	Path        string // the answer's path, and the form field's name: "q", "g[0].f"
	ID          string // id of the input, or of the first option
	Block       string // id of the element around the question, shown or hidden
	Text, Help  string
	Type        domain.QuestionType
	Required    bool
	Conditional bool // the script shows and hides it by the server's answer
	Hidden      bool // hidden by an earlier answer
	Disabled    bool // hidden itself or inside a hidden group: not sent
	Error       string
	Elsewhere   string // on the conflict page: the answer saved elsewhere, where it differs
	Value       string // the answer as the form holds it
	Options     []questOption
	Select      bool // a choice with so many options that a list fits better
	MaxLength   int
	Entries     []questEntry // group
	AddLabel    string       // group
	MaxEntries  int
}

type questOption struct {
	ID, Value, Label string
	Checked          bool
}

// questEntry is one entry of a group.
type questEntry struct {
	Legend      string
	IDName      string // form name of the entry's stable id
	EntryID     string
	Remove      string // the value of its remove button
	RemoveLabel string
	Block       string
	Fields      []questQuestion
}

// questManyOptions is from how many options on a choice is a list instead of radios.
const questManyOptions = 8

// questBlockID is the id of the element holding the question at path.
func questBlockID(path string) string { return fieldID(path) + "-blok" }

// questFormValue renders an answer as the form field holds it.
func questFormValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// questUnanswered stands for a field without an answer when asking the template
// which fields of an entry it shows: it equals no condition's value.
type questUnanswered struct{}

// questVisibleFields returns which fields of a group entry the template shows
// for the entry's answers. It asks the template's own pruning, so that the
// rule lives in one place: every field holds an answer or a stand-in, and
// what the pruning keeps is shown.
func questVisibleFields(t *domain.Template, answers domain.Answers, g domain.Question, entry map[string]any) map[string]bool {
	filled := map[string]any{}
	for _, f := range g.Fields {
		if v, ok := entry[f.ID]; ok && v != nil {
			filled[f.ID] = v
		} else {
			filled[f.ID] = questUnanswered{}
		}
	}
	probe := answers.Merge(domain.Answers{g.ID: []any{filled}})
	out := map[string]bool{}
	entries, _ := t.Prune(probe)[g.ID].([]any)
	if len(entries) == 1 {
		kept, _ := entries[0].(map[string]any)
		for k := range kept {
			out[k] = true
		}
	}
	return out
}

// questViews builds the views of the questions for the answers;
// errs maps field ids to messages.
func questViews(t *domain.Template, qs []domain.Question, answers domain.Answers, errs map[string]string) []questQuestion {
	out := make([]questQuestion, 0, len(qs))
	for _, q := range qs {
		hidden := !t.Visible(q, answers)
		v := questViewOf(q, q.ID, answers[q.ID], errs, hidden, hidden)
		v.Conditional = q.ShowIf != nil
		if q.Type == domain.QuestionGroup {
			entries, _ := answers[q.ID].([]any)
			for i, e := range entries {
				entry, _ := e.(map[string]any)
				shown := questVisibleFields(t, answers, q, entry)
				at := fmt.Sprintf("%s[%d]", q.ID, i)
				ev := questEntry{Legend: fmt.Sprintf("Onderdeel %d", i+1), IDName: at + "." + domain.EntryIDKey,
					EntryID: questFormValue(entry[domain.EntryIDKey]), Remove: fmt.Sprintf("verwijder:%s:%d", q.ID, i), Block: questBlockID(at),
					RemoveLabel: fmt.Sprintf("Verwijder onderdeel %d", i+1)}
				for _, f := range q.Fields {
					fh := !shown[f.ID]
					fv := questViewOf(f, at+"."+f.ID, entry[f.ID], errs, fh, hidden || fh)
					fv.Conditional = f.ShowIf != nil
					ev.Fields = append(ev.Fields, fv)
				}
				v.Entries = append(v.Entries, ev)
			}
			v.AddLabel = "Voeg een onderdeel toe"
			if len(entries) > 0 {
				v.AddLabel = "Voeg nog een onderdeel toe"
			}
			v.MaxEntries = q.MaxEntries
			if v.MaxEntries == 0 {
				v.MaxEntries = domain.MaxGroupEntries
			}
		}
		out = append(out, v)
	}
	return out
}

func questViewOf(q domain.Question, path string, v any, errs map[string]string, hidden, disabled bool) questQuestion {
	qv := questQuestion{Path: path, ID: fieldID(path), Block: questBlockID(path), Text: q.Text, Help: q.Help, Type: q.Type,
		Required: q.Required, Hidden: hidden, Disabled: disabled, Error: errs[fieldID(path)], Value: questFormValue(v), MaxLength: q.MaxLength}
	opts := q.Options
	if q.Type == domain.QuestionBoolean {
		opts = []domain.Option{{Value: "true", Label: "Ja"}, {Value: "false", Label: "Nee"}}
	}
	chosen := map[string]bool{qv.Value: qv.Value != ""}
	if list, ok := v.([]any); ok {
		for _, x := range list {
			chosen[questFormValue(x)] = true
		}
	}
	for i, o := range opts {
		id := qv.ID
		if i > 0 {
			id = fmt.Sprintf("%s-%d", qv.ID, i+1)
		}
		qv.Options = append(qv.Options, questOption{ID: id, Value: o.Value, Label: o.Label, Checked: chosen[o.Value]})
	}
	qv.Select = q.Type == domain.QuestionChoice && len(opts) >= questManyOptions
	return qv
}

// questVisibleBlocks lists the ids of the shown conditional blocks, for the
// script that shows and hides them without a rule of its own.
func questVisibleBlocks(views []questQuestion) []string {
	out := []string{}
	for _, v := range views {
		if v.Disabled {
			continue
		}
		out = append(out, v.Block)
		for _, e := range v.Entries {
			out = append(out, e.Block)
			for _, f := range e.Fields {
				if !f.Disabled {
					out = append(out, f.Block)
				}
			}
		}
	}
	return out
}

// questEntryIDs maps the form names of the entries' id fields to the ids the
// service gave, so that the script can fill in those of new entries.
func questEntryIDs(views []questQuestion) map[string]string {
	out := map[string]string{}
	for _, v := range views {
		for _, e := range v.Entries {
			out[e.IDName] = e.EntryID
		}
	}
	return out
}

// questPatch reads the answers to qs from a posted form. A field left
// empty, or not sent because it was hidden, clears the answer. A value of
// the wrong kind (a word in a number field) is passed on as typed, so that
// the service names what is wrong with it and the form can show it again.
func questPatch(form url.Values, qs []domain.Question) domain.Answers {
	patch := domain.Answers{}
	for _, q := range qs {
		if q.Type != domain.QuestionGroup {
			patch[q.ID] = questValueFrom(form, q, q.ID)
			continue
		}
		var entries []any
		for i := 0; i < 1000; i++ { // a bound: a form cannot hold more entries than a group allows
			at := fmt.Sprintf("%s[%d]", q.ID, i)
			if _, ok := form[at+"."+domain.EntryIDKey]; !ok {
				break
			}
			entry := map[string]any{}
			if id := form.Get(at + "." + domain.EntryIDKey); id != "" {
				entry[domain.EntryIDKey] = id
			}
			for _, f := range q.Fields {
				if v := questValueFrom(form, f, at+"."+f.ID); v != nil {
					entry[f.ID] = v
				}
			}
			entries = append(entries, entry)
		}
		if len(entries) > 0 {
			patch[q.ID] = entries
		} else {
			patch[q.ID] = nil
		}
	}
	return patch
}

func questValueFrom(form url.Values, q domain.Question, name string) any {
	if q.Type == domain.QuestionMultiChoice {
		var list []any
		for _, s := range form[name] {
			if s != "" {
				list = append(list, s)
			}
		}
		if len(list) == 0 {
			return nil
		}
		return list
	}
	s := form.Get(name)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	switch q.Type {
	case domain.QuestionBoolean:
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	case domain.QuestionNumber:
		// People write a decimal comma.
		if f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64); err == nil {
			return f
		}
	case domain.QuestionLongText, domain.QuestionText:
		return strings.ReplaceAll(s, "\r\n", "\n") // browsers send line breaks as CR LF
	case domain.QuestionDate, domain.QuestionChoice:
		return strings.TrimSpace(s)
	}
	return s
}

// questGroupAction adds or removes a group entry as the pressed button
// asks; it reports the path of an added entry.
func questGroupAction(patch domain.Answers, qs []domain.Question, action string) (added string) {
	verb, rest, _ := strings.Cut(action, ":")
	gid, idx, _ := strings.Cut(rest, ":")
	isGroup := false
	for _, q := range qs {
		isGroup = isGroup || (q.ID == gid && q.Type == domain.QuestionGroup)
	}
	if !isGroup {
		return ""
	}
	entries, _ := patch[gid].([]any)
	switch verb {
	case "voeg-toe":
		patch[gid] = append(entries, map[string]any{})
		return fmt.Sprintf("%s[%d]", gid, len(entries))
	case "verwijder":
		i, err := strconv.Atoi(idx)
		if err != nil || i < 0 || i >= len(entries) {
			return ""
		}
		entries = append(entries[:i:i], entries[i+1:]...)
		if len(entries) == 0 {
			patch[gid] = nil
		} else {
			patch[gid] = entries
		}
	}
	return ""
}

// questAnswerText renders an answer in Dutch for reading.
func questAnswerText(q domain.Question, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "Ja"
		}
		return "Nee"
	case float64:
		return strings.ReplaceAll(strconv.FormatFloat(x, 'f', -1, 64), ".", ",")
	case string:
		switch q.Type {
		case domain.QuestionChoice:
			return questOptionLabel(q, x)
		case domain.QuestionDate:
			if d, err := domain.ParseDate(x); err == nil {
				return d.Dutch()
			}
		}
		return x
	case []any:
		labels := make([]string, 0, len(x))
		for _, e := range x {
			labels = append(labels, questOptionLabel(q, questFormValue(e)))
		}
		return strings.Join(labels, ", ")
	}
	return questFormValue(v)
}

func questOptionLabel(q domain.Question, value string) string {
	for _, o := range q.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
