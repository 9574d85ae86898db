package domain

import (
	"reflect"
	"strings"
	"testing"
)

// questionnaireFixture has one question of each type, a boolean follow-up,
// a chain q1 -> q2 -> q3 and a choice follow-up.
func questionnaireFixture(t *testing.T) *Template {
	t.Helper()
	tpl := &Template{
		Version: "test-1",
		Title:   "Test",
		Sections: []Section{
			{ID: "a", Title: "A", Questions: []Question{
				{ID: "a_bool", Text: "Ja of nee?", Type: QuestionBoolean, Required: true},
				{ID: "a_bool_toelichting", Text: "Toelichting?", Type: QuestionText, Required: true,
					ShowIf: &Condition{Question: "a_bool", Equals: true}},
				{ID: "a_text", Text: "Tekst?", Type: QuestionText, Required: false},
				{ID: "a_choice", Text: "Keuze?", Type: QuestionChoice, Required: true, Options: []Option{
					{Value: "een", Label: "Een"}, {Value: "twee", Label: "Twee"}}},
				{ID: "a_choice_datum", Text: "Datum?", Type: QuestionDate, Required: true,
					ShowIf: &Condition{Question: "a_choice", Equals: "twee"}},
			}},
			{ID: "b", Title: "B", Questions: []Question{
				{ID: "q1", Text: "Een?", Type: QuestionBoolean, Required: true},
				{ID: "q2", Text: "Twee?", Type: QuestionBoolean, Required: true,
					ShowIf: &Condition{Question: "q1", Equals: true}},
				{ID: "q3", Text: "Drie?", Type: QuestionText, Required: true,
					ShowIf: &Condition{Question: "q2", Equals: false}},
				{ID: "q_date", Text: "Wanneer?", Type: QuestionDate, Required: false},
			}},
		},
	}
	if err := tpl.Validate(); err != nil {
		t.Fatalf("fixture does not validate: %v", err)
	}
	return tpl
}

func fieldsOf(errs []FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	return out
}

func TestCheckAnswers(t *testing.T) {
	tpl := questionnaireFixture(t)
	tests := []struct {
		name    string
		patch   Answers
		fields  []string // fields with an error, in order
		message string   // substring of the first message
	}{
		{"valid of every type", Answers{"a_bool": true, "a_text": "x", "a_choice": "twee", "a_choice_datum": "2026-03-31"}, nil, ""},
		{"empty patch", Answers{}, nil, ""},
		{"nil clears without a type check", Answers{"a_bool": nil, "a_choice": nil, "q_date": nil}, nil, ""},
		{"unknown id", Answers{"bestaat_niet": true}, []string{"answers.bestaat_niet"}, "bestaat niet"},
		{"nil on unknown id", Answers{"bestaat_niet": nil}, []string{"answers.bestaat_niet"}, "bestaat niet"},
		{"boolean gets a string", Answers{"a_bool": "ja"}, []string{"answers.a_bool"}, "ja (true) of nee (false)"},
		{"boolean gets a number", Answers{"a_bool": float64(1)}, []string{"answers.a_bool"}, "ja (true)"},
		{"text gets a boolean", Answers{"a_text": true}, []string{"answers.a_text"}, "tekst"},
		{"text gets a number", Answers{"a_text": float64(3)}, []string{"answers.a_text"}, "tekst"},
		{"text too long", Answers{"a_text": strings.Repeat("x", MaxTextAnswer+1)}, []string{"answers.a_text"}, "te lang"},
		{"text at the limit, in characters not bytes", Answers{"a_text": strings.Repeat("é", MaxTextAnswer)}, nil, ""},
		{"choice not in options", Answers{"a_choice": "drie"}, []string{"answers.a_choice"}, "een, twee"},
		{"choice matches label not value", Answers{"a_choice": "Een"}, []string{"answers.a_choice"}, "Kies een van"},
		{"choice gets a boolean", Answers{"a_choice": true}, []string{"answers.a_choice"}, "Kies een van"},
		{"date in another layout", Answers{"q_date": "31-03-2026"}, []string{"answers.q_date"}, "JJJJ-MM-DD"},
		{"date that does not exist", Answers{"q_date": "2026-02-30"}, []string{"answers.q_date"}, "JJJJ-MM-DD"},
		{"date with a time", Answers{"q_date": "2026-03-31T10:00:00Z"}, []string{"answers.q_date"}, "JJJJ-MM-DD"},
		{"date gets a boolean", Answers{"q_date": true}, []string{"answers.q_date"}, "JJJJ-MM-DD"},
		{"date in year 0000", Answers{"q_date": "0000-01-01"}, []string{"answers.q_date"}, "tussen 1 januari 1900 en 2 maart 2036"},
		{"date in year 0001", Answers{"q_date": "0001-01-01"}, []string{"answers.q_date"}, "tussen 1 januari 1900"},
		{"date the day before 1900", Answers{"q_date": "1899-12-31"}, []string{"answers.q_date"}, "tussen"},
		{"date on 1 January 1900", Answers{"q_date": "1900-01-01"}, nil, ""},
		{"date ten years on", Answers{"q_date": "2036-03-02"}, nil, ""},
		{"date past ten years on", Answers{"q_date": "2036-03-03"}, []string{"answers.q_date"}, "2 maart 2036"},
		{"date 9999-12-31", Answers{"q_date": "9999-12-31"}, []string{"answers.q_date"}, "tussen"},
		{"text with NUL", Answers{"a_text": "a\x00b"}, []string{"answers.a_text"}, "teken dat niet is toegestaan"},
		{"text of NUL only", Answers{"a_text": "\x00"}, []string{"answers.a_text"}, "teken dat niet is toegestaan"},
		{"text with a bidi override", Answers{"a_text": "a\u202eb"}, []string{"answers.a_text"}, "teken dat niet is toegestaan"},
		{"unbounded text keeps line breaks", Answers{"a_text": "regel 1\nregel 2\tnog"}, nil, ""},
		{"errors in id order", Answers{"q_date": "x", "a_text": false, "zz": 1, "a_bool": "x"},
			[]string{"answers.a_bool", "answers.a_text", "answers.q_date", "answers.zz"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := tpl.CheckAnswers(tt.patch, testToday)
			if got := fieldsOf(errs); !reflect.DeepEqual(got, tt.fields) {
				t.Fatalf("CheckAnswers fields = %v, want %v (%v)", got, tt.fields, errs)
			}
			if tt.message != "" && !strings.Contains(errs[0].Message, tt.message) {
				t.Errorf("message %q does not contain %q", errs[0].Message, tt.message)
			}
		})
	}
}

func TestCheckAnswersHiddenQuestionIsStillChecked(t *testing.T) {
	// A patch may answer a follow-up before its condition holds; the value
	// must still be of the right type.
	tpl := questionnaireFixture(t)
	if errs := tpl.CheckAnswers(Answers{"a_choice_datum": "morgen"}, testToday); len(errs) != 1 {
		t.Errorf("CheckAnswers = %v, want one error", errs)
	}
}

func TestMerge(t *testing.T) {
	old := Answers{"a": true, "b": "tekst", "c": "blijft"}
	got := old.Merge(Answers{"a": false, "b": nil, "d": "nieuw", "e": nil})
	want := Answers{"a": false, "c": "blijft", "d": "nieuw"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(old, Answers{"a": true, "b": "tekst", "c": "blijft"}) {
		t.Errorf("Merge changed its receiver: %v", old)
	}
	if got := Answers(nil).Merge(Answers{"a": true}); !reflect.DeepEqual(got, Answers{"a": true}) {
		t.Errorf("nil.Merge = %v", got)
	}
	if got := (Answers{"a": true}).Merge(nil); !reflect.DeepEqual(got, Answers{"a": true}) {
		t.Errorf("Merge(nil) = %v", got)
	}
}

func TestVisible(t *testing.T) {
	tpl := questionnaireFixture(t)
	q := func(id string) Question {
		q, ok := tpl.Question(id)
		if !ok {
			t.Fatalf("no question %q", id)
		}
		return q
	}
	tests := []struct {
		id   string
		a    Answers
		want bool
	}{
		{"a_bool", Answers{}, true},
		{"a_bool_toelichting", Answers{}, false},
		{"a_bool_toelichting", Answers{"a_bool": false}, false},
		{"a_bool_toelichting", Answers{"a_bool": true}, true},
		{"a_bool_toelichting", Answers{"a_bool": "true"}, false},
		{"a_choice_datum", Answers{"a_choice": "een"}, false},
		{"a_choice_datum", Answers{"a_choice": "twee"}, true},
		{"q2", Answers{"q1": true}, true},
		{"q3", Answers{"q1": true, "q2": false}, true},
		{"q3", Answers{"q1": true, "q2": true}, false},
		{"q3", Answers{"q2": false}, false},              // q2 itself is hidden
		{"q3", Answers{"q1": false, "q2": false}, false}, // stale q2 answer
	}
	for _, tt := range tests {
		if got := tpl.Visible(q(tt.id), tt.a); got != tt.want {
			t.Errorf("Visible(%s, %v) = %v, want %v", tt.id, tt.a, got, tt.want)
		}
	}
}

func TestMissing(t *testing.T) {
	tpl := questionnaireFixture(t)
	tests := []struct {
		name string
		a    Answers
		want []string
	}{
		{"nothing answered: only unconditional required questions, in template order",
			Answers{}, []string{"a_bool", "a_choice", "q1"}},
		{"follow-up not required while hidden",
			Answers{"a_bool": false, "a_choice": "een", "q1": false}, nil},
		{"follow-up required once shown",
			Answers{"a_bool": true, "a_choice": "een", "q1": false}, []string{"a_bool_toelichting"}},
		{"whitespace-only text counts as missing",
			Answers{"a_bool": true, "a_bool_toelichting": " \t\n ", "a_choice": "een", "q1": false}, []string{"a_bool_toelichting"}},
		{"empty string counts as missing",
			Answers{"a_bool": true, "a_bool_toelichting": "", "a_choice": "een", "q1": false}, []string{"a_bool_toelichting"}},
		{"false answers a required boolean",
			Answers{"a_bool": false, "a_choice": "een", "q1": false}, nil},
		{"choice follow-up: a date",
			Answers{"a_bool": false, "a_choice": "twee", "q1": false}, []string{"a_choice_datum"}},
		{"chain: q1 yes shows q2",
			Answers{"a_bool": false, "a_choice": "een", "q1": true}, []string{"q2"}},
		{"chain: q2 no shows q3",
			Answers{"a_bool": false, "a_choice": "een", "q1": true, "q2": false}, []string{"q3"}},
		{"chain: q3 answered",
			Answers{"a_bool": false, "a_choice": "een", "q1": true, "q2": false, "q3": "x"}, nil},
		{"chain: q1 no hides q3 despite a stale q2",
			Answers{"a_bool": false, "a_choice": "een", "q1": false, "q2": false}, nil},
		{"optional questions never missing",
			Answers{"a_bool": false, "a_choice": "een", "q1": false, "a_text": "  "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tpl.Missing(tt.a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Missing = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPrune(t *testing.T) {
	tpl := questionnaireFixture(t)
	a := Answers{
		"a_bool":             false,
		"a_bool_toelichting": "ingetrokken", // hidden: a_bool is false
		"a_text":             "blijft",
		"a_choice":           "een",
		"a_choice_datum":     "2026-01-01", // hidden: choice is een
		"q1":                 false,
		"q2":                 false, // hidden: q1 is false
		"q3":                 "keten",
		"onbekend":           "weg", // not in the template
	}
	want := Answers{"a_bool": false, "a_text": "blijft", "a_choice": "een", "q1": false}
	if got := tpl.Prune(a); !reflect.DeepEqual(got, want) {
		t.Errorf("Prune = %v, want %v", got, want)
	}
	if _, ok := a["q3"]; !ok {
		t.Error("Prune changed its argument")
	}

	shown := Answers{"a_bool": true, "a_bool_toelichting": "x", "q1": true, "q2": false, "q3": "y"}
	if got := tpl.Prune(shown); !reflect.DeepEqual(got, shown) {
		t.Errorf("Prune of visible answers = %v, want them unchanged", got)
	}
}

func TestValidate(t *testing.T) {
	base := func() *Template {
		return &Template{Version: "v", Title: "T", Sections: []Section{{ID: "s", Title: "S", Questions: []Question{
			{ID: "s_a", Text: "A?", Type: QuestionBoolean, Required: true},
		}}}}
	}
	tests := []struct {
		name   string
		change func(*Template)
		want   string // "" means valid
	}{
		{"valid", func(*Template) {}, ""},
		{"no version", func(t *Template) { t.Version = "" }, "no version"},
		{"section without id", func(t *Template) { t.Sections[0].ID = "" }, "section lacks"},
		{"question without id", func(t *Template) { t.Sections[0].Questions[0].ID = "" }, "lacks an id or text"},
		{"duplicate id across sections", func(t *Template) {
			t.Sections = append(t.Sections, Section{ID: "s2", Title: "S2", Questions: []Question{{ID: "s_a", Text: "B?", Type: QuestionText}}})
		}, `"s_a" is used twice`},
		{"unknown type", func(t *Template) { t.Sections[0].Questions[0].Type = "slider" }, `unknown type "slider"`},
		{"condition on a later section", func(t *Template) {
			t.Sections[0].Questions = append(t.Sections[0].Questions, Question{ID: "s_b", Text: "B?", Type: QuestionText,
				ShowIf: &Condition{Question: "s2_a", Equals: true}})
			t.Sections = append(t.Sections, Section{ID: "s2", Title: "S2", Questions: []Question{{ID: "s2_a", Text: "A?", Type: QuestionBoolean}}})
		}, "not an earlier question"},
		{"condition on an earlier section", func(t *Template) {
			t.Sections = append(t.Sections, Section{ID: "s2", Title: "S2", Questions: []Question{{ID: "s2_a", Text: "A?", Type: QuestionText,
				ShowIf: &Condition{Question: "s_a", Equals: true}}}})
		}, ""},
		{"condition on a date value", func(t *Template) {
			t.Sections[0].Questions = append(t.Sections[0].Questions,
				Question{ID: "s_d", Text: "D?", Type: QuestionDate},
				Question{ID: "s_e", Text: "E?", Type: QuestionText, ShowIf: &Condition{Question: "s_d", Equals: "geen datum"}})
		}, "cannot take"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := base()
			tt.change(tpl)
			err := tpl.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
