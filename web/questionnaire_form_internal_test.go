package web

import (
	"net/url"
	"reflect"
	"testing"

	"basisscan/domain"
)

func TestPatchFromReadsEachQuestionType(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	qs := []domain.Question{
		{ID: "b", Type: domain.QuestionBoolean},
		{ID: "t", Type: domain.QuestionText},
		{ID: "l", Type: domain.QuestionLongText},
		{ID: "c", Type: domain.QuestionChoice},
		{ID: "m", Type: domain.QuestionMultiChoice},
		{ID: "d", Type: domain.QuestionDate},
		{ID: "n", Type: domain.QuestionNumber, Min: f(0)},
		{ID: "g", Type: domain.QuestionGroup, Fields: []domain.Question{{ID: "x", Type: domain.QuestionText}, {ID: "y", Type: domain.QuestionNumber}}},
	}
	tests := []struct {
		name string
		form url.Values
		want domain.Answers
	}{
		{"nothing sent clears every answer", url.Values{},
			domain.Answers{"b": nil, "t": nil, "l": nil, "c": nil, "m": nil, "d": nil, "n": nil, "g": nil}},
		{"values by type", url.Values{"b": {"false"}, "t": {"tekst"}, "l": {"regel 1\r\nregel 2"}, "c": {" a "},
			"m": {"x", "", "y"}, "d": {"2026-03-01"}, "n": {"1,5"}},
			domain.Answers{"b": false, "t": "tekst", "l": "regel 1\nregel 2", "c": "a", "m": []any{"x", "y"},
				"d": "2026-03-01", "n": 1.5, "g": nil}},
		{"wrong kinds pass as typed, for the service to name", url.Values{"b": {"misschien"}, "n": {"veel"}, "t": {"   "}},
			domain.Answers{"b": "misschien", "t": nil, "l": nil, "c": nil, "m": nil, "d": nil, "n": "veel", "g": nil}},
		{"group entries in order, empty fields left out, new entries without id", url.Values{
			"g[0]._id": {"e1"}, "g[0].x": {"een"}, "g[0].y": {""},
			"g[1]._id": {""}, "g[1].y": {"2"},
			"g[3]._id": {"e3"}, "g[3].x": {"after a gap: not read"}},
			domain.Answers{"b": nil, "t": nil, "l": nil, "c": nil, "m": nil, "d": nil, "n": nil,
				"g": []any{map[string]any{"_id": "e1", "x": "een"}, map[string]any{"y": 2.0}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := questPatch(tt.form, qs); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestApplyGroupAction(t *testing.T) {
	t.Parallel()
	qs := []domain.Question{{ID: "g", Type: domain.QuestionGroup}, {ID: "q", Type: domain.QuestionText}}
	entries := func() []any { return []any{map[string]any{"_id": "a"}, map[string]any{"_id": "b"}} }
	tests := []struct {
		name, action, added string
		want                any
	}{
		{"add", "voeg-toe:g", "g[2]", []any{map[string]any{"_id": "a"}, map[string]any{"_id": "b"}, map[string]any{}}},
		{"remove the first", "verwijder:g:0", "", []any{map[string]any{"_id": "b"}}},
		{"remove out of range", "verwijder:g:5", "", entries()},
		{"not a group", "voeg-toe:q", "", entries()},
		{"save", "opslaan", "", entries()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			patch := domain.Answers{"g": entries()}
			if added := questGroupAction(patch, qs, tt.action); added != tt.added {
				t.Fatalf("added %q, want %q", added, tt.added)
			}
			if !reflect.DeepEqual(patch["g"], tt.want) {
				t.Fatalf("entries %v, want %v", patch["g"], tt.want)
			}
		})
	}
}

func TestAnswerTextIsDutch(t *testing.T) {
	t.Parallel()
	choice := domain.Question{Type: domain.QuestionChoice, Options: []domain.Option{{Value: "a", Label: "Eerste"}, {Value: "b", Label: "Tweede"}}}
	multi := choice
	multi.Type = domain.QuestionMultiChoice
	tests := []struct {
		name string
		q    domain.Question
		v    any
		want string
	}{
		{"yes", domain.Question{Type: domain.QuestionBoolean}, true, "Ja"},
		{"no", domain.Question{Type: domain.QuestionBoolean}, false, "Nee"},
		{"decimal comma", domain.Question{Type: domain.QuestionNumber}, 2.5, "2,5"},
		{"date", domain.Question{Type: domain.QuestionDate}, "2026-12-03", "3 december 2026"},
		{"option label", choice, "b", "Tweede"},
		{"labels", multi, []any{"a", "b"}, "Eerste, Tweede"},
		{"none", domain.Question{Type: domain.QuestionText}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := questAnswerText(tt.q, tt.v); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVisibleFieldsFollowsTheEntry(t *testing.T) {
	t.Parallel()
	g := domain.Question{ID: "g", Type: domain.QuestionGroup, Fields: []domain.Question{
		{ID: "status", Type: domain.QuestionChoice, Options: []domain.Option{{Value: "nu"}, {Value: "vroeger"}}},
		{ID: "tot", Type: domain.QuestionDate, ShowIf: &domain.Condition{Question: "status", Equals: "vroeger"}},
		{ID: "waarom", Type: domain.QuestionText, ShowIf: &domain.Condition{Question: "tot", Equals: "2026-01-01"}},
	}}
	tmpl := &domain.Template{Sections: []domain.Section{{ID: "s", Questions: []domain.Question{g}}}}
	tests := []struct {
		name  string
		entry map[string]any
		want  map[string]bool
	}{
		{"empty entry", map[string]any{}, map[string]bool{"status": true}},
		{"now", map[string]any{"status": "nu"}, map[string]bool{"status": true}},
		{"earlier", map[string]any{"status": "vroeger"}, map[string]bool{"status": true, "tot": true}},
		{"a chain of two", map[string]any{"status": "vroeger", "tot": "2026-01-01"}, map[string]bool{"status": true, "tot": true, "waarom": true}},
		{"the chain broken higher up", map[string]any{"status": "nu", "tot": "2026-01-01"}, map[string]bool{"status": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := questVisibleFields(tmpl, domain.Answers{}, g, tt.entry); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
