package configs

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"basisscan/domain"
)

const shippedVersion = "2026-1"

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func shipped(t *testing.T) *domain.Template {
	t.Helper()
	ts, err := Templates()
	if err != nil {
		t.Fatalf("Templates() = %v", err)
	}
	tpl, ok := ts[shippedVersion]
	if !ok {
		t.Fatalf("Templates() has no version %q; have %d template(s)", shippedVersion, len(ts))
	}
	return tpl
}

func TestTemplatesLoadAndValidate(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatalf("Templates() = %v", err)
	}
	for v, tpl := range ts {
		if tpl.Version != v {
			t.Errorf("template keyed %q has version %q", v, tpl.Version)
		}
		if strings.TrimSpace(tpl.Title) == "" {
			t.Errorf("template %q has no title", v)
		}
		if err := tpl.Validate(); err != nil {
			t.Errorf("template %q: %v", v, err)
		}
	}
	if _, ok := ts[shippedVersion]; !ok {
		t.Errorf("version %q is not shipped", shippedVersion)
	}
}

// The themes of domain.md's "Questionnaire themes", plus residence,
// incompatible offices and the closing confirmation.
var wantSections = []string{
	"cv",                  // CV, education, work history
	"woonplaats",          // ingezetenschap, ontheffing woonplaatsvereiste
	"onverenigbaarheid",   // onverenigbare functies, one municipality only
	"nevenfuncties",       // current and past, paid and unpaid
	"financiele_belangen", // shareholdings, own company
	"financiele_situatie", // debts and loans
	"vastgoed",            // real estate
	"zakelijke_relaties",  // verboden handelingen
	"werkgever",           // draaideur
	"familie",             // partner and family
	"persoonlijk",         // home situation, personal circumstances
	"lidmaatschappen",     // memberships, community roles
	"vog",                 // criminal past, via the VOG only
	"online",              // social media, online footprint
	"integriteit",         // earlier integrity issues
	"vertrouwelijkheid",   // confidential information
	"dilemmas",            // open dilemma questions
	"bevestiging",         // complete and truthful
}

func TestShippedTemplateCoversThemes(t *testing.T) {
	tpl := shipped(t)
	have := map[string]domain.Section{}
	for _, s := range tpl.Sections {
		if _, dup := have[s.ID]; dup {
			t.Errorf("section id %q is used twice", s.ID)
		}
		have[s.ID] = s
	}
	for _, id := range wantSections {
		s, ok := have[id]
		if !ok {
			t.Errorf("no section %q", id)
			continue
		}
		if len(s.Questions) == 0 {
			t.Errorf("section %q has no questions", id)
		}
	}
	var n int
	for _, s := range tpl.Sections {
		n += len(s.Questions)
	}
	if n < 50 || n > 90 {
		t.Errorf("template has %d questions, want 50-90", n)
	}
}

func TestShippedTemplateShape(t *testing.T) {
	tpl := shipped(t)
	var dates, choices int
	for _, s := range tpl.Sections {
		if !snakeCase.MatchString(s.ID) {
			t.Errorf("section id %q is not snake_case", s.ID)
		}
		for _, q := range s.Questions {
			if !snakeCase.MatchString(q.ID) {
				t.Errorf("question id %q is not snake_case", q.ID)
			}
			if !strings.HasPrefix(q.ID, s.ID+"_") {
				t.Errorf("question id %q lacks its section prefix %q", q.ID, s.ID+"_")
			}
			switch q.Type {
			case domain.QuestionDate:
				dates++
			case domain.QuestionChoice:
				choices++
				for _, o := range q.Options {
					if !snakeCase.MatchString(o.Value) || strings.TrimSpace(o.Label) == "" {
						t.Errorf("question %q: option %+v needs a snake_case value and a label", q.ID, o)
					}
				}
			}
			if q.Type != domain.QuestionChoice && len(q.Options) > 0 {
				t.Errorf("question %q of type %s has options", q.ID, q.Type)
			}
		}
	}
	if dates == 0 {
		t.Error("template has no date question")
	}
	if choices == 0 {
		t.Error("template has no choice question")
	}

	last := tpl.Sections[len(tpl.Sections)-1]
	if last.ID != "bevestiging" {
		t.Errorf("last section is %q, want bevestiging", last.ID)
	}
	q, ok := tpl.Question("bevestiging_volledig_juist")
	// A single-option choice: a required boolean could be answered "no" and
	// still count as answered.
	if !ok || q.Type != domain.QuestionChoice || len(q.Options) != 1 || !q.Required || q.ShowIf != nil {
		t.Errorf("bevestiging_volledig_juist = %+v, %v; want an unconditional required single-option choice", q, ok)
	}
}

func TestShippedFollowUps(t *testing.T) {
	tpl := shipped(t)
	for _, s := range tpl.Sections {
		for _, q := range s.Questions {
			if q.ShowIf == nil {
				continue
			}
			if !q.Required {
				t.Errorf("follow-up %q is not required (it is only required while shown)", q.ID)
			}
			dep, _ := tpl.Question(q.ShowIf.Question)
			if dep.Type != domain.QuestionBoolean {
				continue
			}
			if q.Type != domain.QuestionText && q.Type != domain.QuestionDate {
				t.Errorf("follow-up %q of boolean %q has type %s, want text or date", q.ID, dep.ID, q.Type)
			}
			if q.ShowIf.Equals != true {
				t.Errorf("follow-up %q of boolean %q is shown on %v, want true", q.ID, dep.ID, q.ShowIf.Equals)
			}
		}
	}
}

// A yes without a follow-up is rare: each one is listed here on purpose.
func TestShippedBooleansWithoutFollowUp(t *testing.T) {
	tpl := shipped(t)
	allowed := map[string]bool{}
	hasFollowUp := map[string]bool{}
	for _, s := range tpl.Sections {
		for _, q := range s.Questions {
			if q.ShowIf != nil {
				hasFollowUp[q.ShowIf.Question] = true
			}
		}
	}
	for _, s := range tpl.Sections {
		for _, q := range s.Questions {
			if q.Type == domain.QuestionBoolean && !hasFollowUp[q.ID] && !allowed[q.ID] {
				t.Errorf("boolean %q has no follow-up for a yes", q.ID)
			}
			if q.Type == domain.QuestionBoolean && !q.Required {
				t.Errorf("boolean %q is not required", q.ID)
			}
		}
	}
}

func TestShippedAllAnsweredIsComplete(t *testing.T) {
	tpl := shipped(t)
	a := domain.Answers{}
	for _, s := range tpl.Sections {
		for _, q := range s.Questions {
			switch q.Type {
			case domain.QuestionBoolean:
				a[q.ID] = true
			case domain.QuestionText:
				a[q.ID] = "toelichting"
			case domain.QuestionDate:
				a[q.ID] = "2026-05-01"
			case domain.QuestionChoice:
				a[q.ID] = q.Options[0].Value
			}
		}
	}
	if errs := tpl.CheckAnswers(a, testToday); len(errs) != 0 {
		t.Fatalf("CheckAnswers = %v", errs)
	}
	if m := tpl.Missing(tpl.Prune(a)); len(m) != 0 {
		t.Errorf("Missing after answering everything = %v", m)
	}
	if m := tpl.Missing(domain.Answers{}); len(m) == 0 {
		t.Error("Missing(empty) is empty: nothing is required")
	}
}

const goodJSON = `{"version": "v", "title": "T", "sections": [{"id": "s", "title": "S", "questions": [
  {"id": "s_a", "text": "A?", "type": "boolean", "required": true},
  {"id": "s_a_toelichting", "text": "Toelichting?", "type": "text", "required": true, "show_if": {"question": "s_a", "equals": true}}
]}]}`

func tplJSON(version, questions string) string {
	return `{"version": "` + version + `", "title": "T", "sections": [{"id": "s", "title": "S", "questions": [` + questions + `]}]}`
}

func TestLoadTemplatesAcceptsGood(t *testing.T) {
	fsys := fstest.MapFS{
		"q/a.json":     {Data: []byte(goodJSON)},
		"q/b.json":     {Data: []byte(tplJSON("w", `{"id": "s_x", "text": "X?", "type": "date", "required": false}`))},
		"q/notes.md":   {Data: []byte("not a template")},
		"q/sub/c.json": {Data: []byte("{ broken, but in a subdirectory")},
	}
	ts, err := loadTemplates(fsys, "q")
	if err != nil {
		t.Fatalf("loadTemplates = %v", err)
	}
	if len(ts) != 2 || ts["v"] == nil || ts["w"] == nil {
		t.Errorf("loadTemplates = %v, want versions v and w", ts)
	}
}

func TestLoadTemplatesRejectsBroken(t *testing.T) {
	const boolQ = `{"id": "s_a", "text": "A?", "type": "boolean", "required": true}`
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error
	}{
		{
			name: "duplicate question id",
			files: map[string]string{"bad.json": tplJSON("v", boolQ+`,
				{"id": "s_a", "text": "Nog eens?", "type": "text", "required": false}`)},
			want: []string{"q/bad.json", `"s_a"`, "twice"},
		},
		{
			name:  "unknown type",
			files: map[string]string{"bad.json": tplJSON("v", `{"id": "s_n", "text": "Hoeveel?", "type": "slider", "required": true}`)},
			want:  []string{"q/bad.json", `"s_n"`, `"slider"`},
		},
		{
			name:  "choice without options",
			files: map[string]string{"bad.json": tplJSON("v", `{"id": "s_c", "text": "Welke?", "type": "choice", "required": true}`)},
			want:  []string{"q/bad.json", `"s_c"`, "needs options"},
		},
		{
			name: "condition on an unknown question",
			files: map[string]string{"bad.json": tplJSON("v", boolQ+`,
				{"id": "s_t", "text": "Toelichting?", "type": "text", "required": true, "show_if": {"question": "s_onbekend", "equals": true}}`)},
			want: []string{"q/bad.json", `"s_t"`, `"s_onbekend"`},
		},
		{
			name: "condition on a later question",
			files: map[string]string{"bad.json": tplJSON("v", `
				{"id": "s_t", "text": "Toelichting?", "type": "text", "required": true, "show_if": {"question": "s_a", "equals": true}},`+boolQ)},
			want: []string{"q/bad.json", `"s_t"`, `"s_a"`, "not an earlier question"},
		},
		{
			name: "condition on itself",
			files: map[string]string{"bad.json": tplJSON("v", `
				{"id": "s_a", "text": "A?", "type": "boolean", "required": true, "show_if": {"question": "s_a", "equals": true}}`)},
			want: []string{"q/bad.json", `"s_a"`, "not an earlier question"},
		},
		{
			name: "condition on a value a boolean cannot take",
			files: map[string]string{"bad.json": tplJSON("v", boolQ+`,
				{"id": "s_t", "text": "Toelichting?", "type": "text", "required": true, "show_if": {"question": "s_a", "equals": "ja"}}`)},
			want: []string{"q/bad.json", `"s_t"`, `"s_a"`, "cannot take"},
		},
		{
			name: "condition on a value not among the options",
			files: map[string]string{"bad.json": tplJSON("v", `
				{"id": "s_c", "text": "Welke?", "type": "choice", "required": true, "options": [{"value": "een", "label": "Een"}]},
				{"id": "s_t", "text": "Toelichting?", "type": "text", "required": true, "show_if": {"question": "s_c", "equals": "twee"}}`)},
			want: []string{"q/bad.json", `"s_t"`, `"s_c"`, "cannot take"},
		},
		{
			name: "condition without a value",
			files: map[string]string{"bad.json": tplJSON("v", boolQ+`,
				{"id": "s_t", "text": "Toelichting?", "type": "text", "required": true, "show_if": {"question": "s_a"}}`)},
			want: []string{"q/bad.json", `"s_t"`, `"s_a"`},
		},
		{
			name:  "unknown placeholder",
			files: map[string]string{"bad.json": tplJSON("v", `{"id": "s_a", "text": "Werkt u bij {gemeente}?", "type": "boolean", "required": true}`)},
			want:  []string{"q/bad.json", `"s_a"`, `unknown placeholder "{gemeente}"`},
		},
		{
			name:  "missing version",
			files: map[string]string{"bad.json": tplJSON("", boolQ)},
			want:  []string{"q/bad.json", "no version"},
		},
		{
			name:  "question without text",
			files: map[string]string{"bad.json": tplJSON("v", `{"id": "s_a", "text": "  ", "type": "boolean", "required": true}`)},
			want:  []string{"q/bad.json", "section s", "lacks an id or text"},
		},
		{
			name:  "section without title",
			files: map[string]string{"bad.json": `{"version": "v", "title": "T", "sections": [{"id": "s", "questions": []}]}`},
			want:  []string{"q/bad.json", "section lacks an id or title"},
		},
		{
			name:  "duplicate version across two files",
			files: map[string]string{"a.json": goodJSON, "b.json": goodJSON},
			want:  []string{"q/b.json", `"v"`, "defined twice"},
		},
		{
			name:  "malformed JSON",
			files: map[string]string{"bad.json": `{"version": "v", "sections": [`},
			want:  []string{"q/bad.json", "parse"},
		},
		{
			name:  "wrong JSON type",
			files: map[string]string{"bad.json": `{"version": "v", "title": "T", "sections": [{"id": "s", "title": "S", "questions": [{"id": "s_a", "text": "A?", "type": "boolean", "required": "ja"}]}]}`},
			want:  []string{"q/bad.json", "parse"},
		},
		{
			name:  "no templates",
			files: map[string]string{"readme.txt": "leeg"},
			want:  []string{"no questionnaire templates", "q"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys["q/"+name] = &fstest.MapFile{Data: []byte(data)}
			}
			ts, err := loadTemplates(fsys, "q")
			if err == nil {
				t.Fatalf("loadTemplates = %v, nil; want an error", ts)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %s", err, w)
				}
			}
		})
	}
}

func TestLoadTemplatesMissingDir(t *testing.T) {
	if _, err := loadTemplates(fstest.MapFS{}, "q"); err == nil {
		t.Error("loadTemplates on a missing directory: no error")
	}
}

// testToday is the day answers are checked on.
var testToday = domain.NewDate(2026, time.March, 2)

// offenceWords are what a question about criminal records would say. The
// VOG exists so that nobody else asks about them (AVG art. 10): no question,
// option, help text or signal of any shipped version may.
var offenceWords = regexp.MustCompile(`(?i)justiti|strafba|strafblad|strafrecht|veroordeel|veroordeling|misdrij|delict|overtreding|verdachte|antecedent|vog-aanvraag relevant|relevant .*vog|vog.* relevant`)

func TestNoQuestionAsksAboutOffences(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 2 {
		t.Fatalf("expected every shipped version, got %d", len(ts))
	}
	for version, tpl := range ts {
		check := func(where, text string) {
			if offenceWords.MatchString(text) {
				t.Errorf("%s %s asks about offences: %q", version, where, text)
			}
		}
		var questions func(qs []domain.Question)
		questions = func(qs []domain.Question) {
			for _, q := range qs {
				check("question "+q.ID, q.Text)
				check("help of "+q.ID, q.Help)
				for _, o := range q.Options {
					check("option of "+q.ID, o.Label)
				}
				questions(q.Fields)
			}
		}
		for _, s := range tpl.Sections {
			check("section "+s.ID, s.Title)
			questions(s.Questions)
		}
		for _, r := range tpl.Signals {
			check("signal "+r.ID, r.Title+" "+r.Description+" "+r.Measure)
		}
	}
}
