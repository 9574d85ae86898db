package domain

import (
	"strings"
	"testing"
)

func TestFillText(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"organisation", "Werkt u bij {organisatie}?", "Werkt u bij Gemeente Zuidhaven?"},
		{"office", "Als u {ambt} wordt?", "Als u lid van het dagelijks bestuur wordt?"},
		{"both, twice", "{organisatie} en {organisatie}: {ambt}", "Gemeente Zuidhaven en Gemeente Zuidhaven: lid van het dagelijks bestuur"},
		{"none", "Geen plaatshouder.", "Geen plaatshouder."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FillText(tt.text, "Gemeente Zuidhaven", OfficeLidDagelijksBestuur); got != tt.want {
				t.Errorf("FillText(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	// A name is put in as it is: braces in it are not filled again.
	if got := FillText("bij {organisatie}", "{ambt}", OfficeWethouder); got != "bij {ambt}" {
		t.Errorf("FillText with a name holding braces = %q, want %q", got, "bij {ambt}")
	}
}

func TestFilledTemplate(t *testing.T) {
	tpl := &Template{Version: "v", Title: "Vragen voor {organisatie}", Sections: []Section{{ID: "s", Title: "Relaties met {organisatie}",
		Questions: []Question{
			{ID: "s_a", Text: "Werkt u bij {organisatie}?", Help: "Als {ambt}.", Type: QuestionBoolean},
			{ID: "s_c", Text: "Welke?", Type: QuestionChoice, Options: []Option{{Value: "x", Label: "Huur van {organisatie}"}}},
			{ID: "s_g", Text: "Welke?", Type: QuestionGroup, Fields: []Question{{ID: "f", Text: "Levert het aan {organisatie}?", Type: QuestionBoolean}}},
		}}}}
	if err := tpl.Validate(); err != nil {
		t.Fatalf("Validate = %v", err)
	}
	got := tpl.Filled("Gemeente Zuidhaven", OfficeWethouder)
	s := got.Sections[0]
	for name, text := range map[string]string{
		"title": got.Title, "section": s.Title, "text": s.Questions[0].Text, "help": s.Questions[0].Help,
		"option": s.Questions[1].Options[0].Label, "field": s.Questions[2].Fields[0].Text,
	} {
		if strings.Contains(text, "{") || (!strings.Contains(text, "Gemeente Zuidhaven") && !strings.Contains(text, "wethouder")) {
			t.Errorf("%s = %q, want the placeholder filled", name, text)
		}
	}
	// The shared template stays as it was: every scan fills its own copy.
	if q := tpl.Sections[0].Questions; q[0].Text != "Werkt u bij {organisatie}?" || q[1].Options[0].Label != "Huur van {organisatie}" ||
		q[2].Fields[0].Text != "Levert het aan {organisatie}?" {
		t.Errorf("Filled changed the template itself: %+v", q)
	}
}

func TestValidatePlaceholders(t *testing.T) {
	base := func() *Template {
		return &Template{Version: "v", Title: "T", Sections: []Section{{ID: "s", Title: "S", Questions: []Question{
			{ID: "s_a", Text: "A?", Type: QuestionBoolean, Required: true},
			{ID: "s_c", Text: "C?", Type: QuestionChoice, Options: []Option{{Value: "x", Label: "X"}}},
			{ID: "s_g", Text: "G?", Type: QuestionGroup, Fields: []Question{{ID: "f", Text: "F?", Type: QuestionText}}},
		}}}, Signals: []SignalRule{{ID: "r", When: Condition{Question: "s_a", Equals: true}, Domain: RiskDomains[0],
			Class: FindingClasses[0], Title: "R", Description: "D"}}}
	}
	tests := []struct {
		name   string
		change func(*Template)
		want   string // "" means valid
	}{
		{"known in a question", func(t *Template) { t.Sections[0].Questions[0].Text = "Werkt u bij {organisatie} als {ambt}?" }, ""},
		{"unknown in a question", func(t *Template) { t.Sections[0].Questions[0].Text = "Werkt u bij {gemeente}?" }, `unknown placeholder "{gemeente}"`},
		{"unknown in help", func(t *Template) { t.Sections[0].Questions[0].Help = "Bij {Organisatie}." }, "unknown placeholder"},
		{"unclosed", func(t *Template) { t.Sections[0].Questions[0].Text = "Werkt u bij {organisatie?" }, "unknown placeholder"},
		{"stray closing brace", func(t *Template) { t.Sections[0].Questions[0].Text = "Werkt u bij organisatie}?" }, "unknown placeholder"},
		{"unknown in an option", func(t *Template) { t.Sections[0].Questions[1].Options[0].Label = "{x}" }, "unknown placeholder"},
		{"unknown in a field", func(t *Template) { t.Sections[0].Questions[2].Fields[0].Text = "{x}?" }, "unknown placeholder"},
		{"unknown in a section title", func(t *Template) { t.Sections[0].Title = "{x}" }, "unknown placeholder"},
		{"unknown in the title", func(t *Template) { t.Title = "{x}" }, "unknown placeholder"},
		// Signal texts become findings and the advice: they are never filled.
		{"known in a signal", func(t *Template) { t.Signals[0].Description = "Bij {organisatie}." }, "signal"},
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
