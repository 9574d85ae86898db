package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func f64(v float64) *float64 { return &v }

// engineFixture has a gated repeatable group with a conditional field, a
// multiple choice, a number, an office-only question and signal rules.
func engineFixture(t *testing.T) *Template {
	t.Helper()
	tpl := &Template{
		Version: "engine-1", Title: "Test",
		Sections: []Section{
			{ID: "nf", Title: "Nevenfuncties", Questions: []Question{
				{ID: "nf_heeft", Text: "Heeft u nevenfuncties?", Type: QuestionBoolean, Required: true},
				{ID: "nf_lijst", Text: "Welke?", Type: QuestionGroup, Required: true, MaxEntries: 3,
					ShowIf: &Condition{Question: "nf_heeft", Equals: true},
					Fields: []Question{
						{ID: "organisatie", Text: "Organisatie", Type: QuestionText, Required: true, MaxLength: 200},
						{ID: "uren", Text: "Uren per maand", Type: QuestionNumber, Min: f64(0), Max: f64(744)},
						{ID: "relatie", Text: "Relatie met het orgaan?", Type: QuestionBoolean, Required: true},
						{ID: "relatie_toelichting", Text: "Welke?", Type: QuestionLongText, Required: true,
							ShowIf: &Condition{Question: "relatie", Equals: true}},
					}},
			}},
			{ID: "fin", Title: "Financiën", Questions: []Question{
				{ID: "fin_schulden", Text: "Soorten schulden", Type: QuestionMultiChoice, Options: []Option{
					{Value: "hypotheek", Label: "Hypotheek"}, {Value: "achterstand", Label: "Betalingsachterstand"}}},
				{ID: "fin_bedrag", Text: "Bedrag", Type: QuestionNumber, Required: true, Min: f64(0),
					ShowIf: &Condition{Question: "fin_schulden", Equals: "achterstand"}},
				{ID: "fin_wethouder", Text: "Alleen voor wethouders", Type: QuestionText, Offices: []Office{OfficeWethouder}},
			}},
		},
		Signals: []SignalRule{
			{ID: "nf_relatie", When: Condition{Question: "nf_lijst.relatie", Equals: true}, Domain: DomainFunctional,
				Class: ClassMeasure, Title: "Nevenfunctie met relatie", LegalBasis: "Gemeentewet art. 41b", Offices: []Office{OfficeWethouder}},
			{ID: "fin_achterstand", When: Condition{Question: "fin_schulden", Equals: "achterstand"}, Domain: DomainFinancial,
				Class: ClassAttention, Title: "Betalingsachterstand"},
		},
	}
	if err := tpl.Validate(); err != nil {
		t.Fatalf("fixture does not validate: %v", err)
	}
	return tpl
}

func entry(org string, relatie bool, extra ...any) map[string]any {
	e := map[string]any{"organisatie": org, "relatie": relatie}
	for i := 0; i+1 < len(extra); i += 2 {
		e[extra[i].(string)] = extra[i+1]
	}
	return e
}

func TestGroupAnswers(t *testing.T) {
	t.Parallel()
	tpl := engineFixture(t)
	tests := []struct {
		name   string
		patch  Answers
		fields []string
	}{
		{"valid entries", Answers{"nf_lijst": []any{entry("Sportclub", false, "uren", 4.0)}}, nil},
		{"not a list", Answers{"nf_lijst": "Sportclub"}, []string{"answers.nf_lijst"}},
		{"entry not an object", Answers{"nf_lijst": []any{"Sportclub"}}, []string{"answers.nf_lijst[0]"}},
		{"unknown field", Answers{"nf_lijst": []any{entry("A", false, "salaris", 3.0)}}, []string{"answers.nf_lijst[0].salaris"}},
		{"number out of range", Answers{"nf_lijst": []any{entry("A", false, "uren", 800.0)}}, []string{"answers.nf_lijst[0].uren"}},
		{"number as text", Answers{"nf_lijst": []any{entry("A", false, "uren", "veel")}}, []string{"answers.nf_lijst[0].uren"}},
		{"too many entries", Answers{"nf_lijst": []any{entry("A", false), entry("B", false), entry("C", false), entry("D", false)}}, []string{"answers.nf_lijst"}},
		{"NUL in a group field", Answers{"nf_lijst": []any{entry("Sport\x00club", false)}}, []string{"answers.nf_lijst[0].organisatie"}},
		{"line break in a bounded text", Answers{"nf_lijst": []any{entry("Sport\nclub", false)}}, []string{"answers.nf_lijst[0].organisatie"}},
		{"long text keeps line breaks", Answers{"nf_lijst": []any{entry("A", true, "relatie_toelichting", "a\r\nb\n\tc")}}, nil},
		{"bidi override in a long text", Answers{"nf_lijst": []any{entry("A", true, "relatie_toelichting", "a\u202eb")}}, []string{"answers.nf_lijst[0].relatie_toelichting"}},
		{"NUL in an entry id", Answers{"nf_lijst": []any{entry("A", false, "_id", "\x00")}}, []string{"answers.nf_lijst[0]._id"}},
		{"multi choice", Answers{"fin_schulden": []any{"hypotheek", "achterstand"}}, nil},
		{"multi choice twice", Answers{"fin_schulden": []any{"hypotheek", "hypotheek"}}, []string{"answers.fin_schulden"}},
		{"multi choice unknown", Answers{"fin_schulden": []any{"lening"}}, []string{"answers.fin_schulden"}},
		{"multi choice not a list", Answers{"fin_schulden": "hypotheek"}, []string{"answers.fin_schulden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldsOf(tpl.CheckAnswers(tt.patch, testToday)); !reflect.DeepEqual(got, tt.fields) {
				t.Fatalf("errors on %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestGroupMissingAndPrune(t *testing.T) {
	t.Parallel()
	tpl := engineFixture(t)
	a := Answers{"nf_heeft": true, "fin_schulden": []any{"achterstand"}, "fin_bedrag": 1200.0}
	if got := tpl.Missing(a); !reflect.DeepEqual(got, []string{"nf_lijst"}) {
		t.Fatalf("a required group without entries: missing %v", got)
	}
	a["nf_lijst"] = []any{entry("Sportclub", true), entry("", false)}
	if got := tpl.Missing(a); !reflect.DeepEqual(got, []string{"nf_lijst[0].relatie_toelichting", "nf_lijst[1].organisatie"}) {
		t.Fatalf("missing %v", got)
	}
	p := tpl.Progress(a)
	if len(p) != 2 || p[0].Remaining != 2 || p[1].Remaining != 0 || p[0].ID != "nf" {
		t.Fatalf("progress %+v", p)
	}
	if tpl.SectionOf("nf_lijst[1].organisatie") != "nf" || tpl.SectionOf("fin_bedrag") != "fin" {
		t.Fatal("SectionOf misplaces paths")
	}
	// Within an entry, a hidden field is dropped; when the gate closes, the
	// whole group goes.
	a["nf_lijst"] = []any{entry("Sportclub", false, "relatie_toelichting", "oud")}
	pruned := tpl.Prune(a)
	if e := pruned["nf_lijst"].([]any)[0].(map[string]any); e["relatie_toelichting"] != nil || e["organisatie"] != "Sportclub" {
		t.Fatalf("entry after prune: %v", e)
	}
	a["nf_heeft"] = false
	if _, kept := tpl.Prune(a)["nf_lijst"]; kept {
		t.Fatal("a hidden group was kept")
	}
	// A condition on a multiple choice holds while it contains the value.
	a["fin_schulden"] = []any{"hypotheek"}
	if _, kept := tpl.Prune(a)["fin_bedrag"]; kept {
		t.Fatal("an answer hidden by a multiple choice was kept")
	}
}

func TestTriggeredSignals(t *testing.T) {
	t.Parallel()
	tpl := engineFixture(t)
	a := Answers{"nf_heeft": true, "nf_lijst": []any{entry("Sportclub", false), entry("Woningcorporatie", true, "relatie_toelichting", "Huurt")},
		"fin_schulden": []any{"hypotheek", "achterstand"}}
	var keys []string
	for _, s := range tpl.Triggered(a) {
		keys = append(keys, s.Key)
	}
	if !reflect.DeepEqual(keys, []string{"nf_relatie.1", "fin_achterstand"}) {
		t.Fatalf("signals %v", keys)
	}
	sig := tpl.Triggered(a)[0]
	if sig.Entry["organisatie"] != "Woningcorporatie" || sig.Answer != true || sig.Section != "Nevenfuncties" {
		t.Fatalf("signal carries %+v", sig)
	}
	// A hidden group fires nothing, whatever its stale entries say.
	a["nf_heeft"] = false
	for _, s := range tpl.Triggered(a) {
		if strings.HasPrefix(s.Key, "nf_relatie") {
			t.Fatal("a hidden group fired")
		}
	}
}

func TestForOffice(t *testing.T) {
	t.Parallel()
	tpl := engineFixture(t)
	w, g := tpl.For(OfficeWethouder), tpl.For(OfficeGedeputeerde)
	if _, ok := w.Question("fin_wethouder"); !ok {
		t.Fatal("the wethouder view lost its question")
	}
	if _, ok := g.Question("fin_wethouder"); ok {
		t.Fatal("the gedeputeerde view shows a wethouder question")
	}
	if len(w.Signals) != 2 || len(g.Signals) != 1 {
		t.Fatalf("signals per view: %d, %d", len(w.Signals), len(g.Signals))
	}
	if len(tpl.Signals) != 2 {
		t.Fatal("For changed the template itself")
	}
}

func TestValidateEngine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		break_ func(*Template)
		want   string
	}{
		{"group without fields", func(t *Template) { t.Sections[0].Questions[1].Fields = nil }, "needs fields"},
		{"group in a group", func(t *Template) {
			g := &t.Sections[0].Questions[1]
			g.Fields = append(g.Fields, Question{ID: "sub", Text: "Sub", Type: QuestionGroup, Fields: []Question{{ID: "x", Text: "x", Type: QuestionText}}})
		}, "cannot hold another group"},
		{"field condition on a later field", func(t *Template) {
			t.Sections[0].Questions[1].Fields[2].ShowIf = &Condition{Question: "relatie_toelichting", Equals: "x"}
		}, "not an earlier question"},
		{"duplicate field", func(t *Template) {
			g := &t.Sections[0].Questions[1]
			g.Fields = append(g.Fields, g.Fields[0])
		}, `field id "organisatie" is used twice`},
		{"min above max", func(t *Template) { t.Sections[1].Questions[1].Max = f64(-1) }, "min is above max"},
		{"entries that do not fit", func(t *Template) { t.Sections[0].Questions[1].MinEntries = 5 }, "min_entries and max_entries"},
		{"signal on no question", func(t *Template) { t.Signals[0].When.Question = "nf_lijst.salaris" }, `signal "nf_relatie" watches`},
		{"signal on an impossible value", func(t *Template) { t.Signals[1].When.Equals = "lening" }, "cannot take"},
		{"signal of unknown class", func(t *Template) { t.Signals[1].Class = "ramp" }, "unknown domain"},
		{"signal twice", func(t *Template) { t.Signals = append(t.Signals, t.Signals[1]) }, "defined twice"},
		{"unknown office", func(t *Template) { t.Sections[1].Questions[2].Offices = []Office{"burgemeester"} }, "unknown office"},
		{"options on a text", func(t *Template) { t.Sections[1].Questions[2].Options = []Option{{"a", "A"}} }, "only choice questions"},
		{"duplicate section", func(t *Template) { t.Sections[1].ID = "nf" }, `section id "nf"`},
		{"id with a dot", func(t *Template) { t.Sections[1].Questions[2].ID = "fin.x" }, "may not hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := engineFixture(t)
			tt.break_(tpl)
			err := tpl.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// A decision hangs on an entry's id, not its place: reordering entries
// moves no signal to another entry.
func TestEntryIDsKeepSignalKeys(t *testing.T) {
	t.Parallel()
	tpl := engineFixture(t)
	a := Answers{"nf_heeft": true, "nf_lijst": []any{entry("Sportclub", false), entry("Woningcorporatie", true, "relatie_toelichting", "Huurt")}}
	n := 0
	tpl.AssignEntryIDs(a, func() string { n++; return "e" + string(rune('0'+n)) })
	if errs := tpl.CheckAnswers(a, testToday); len(errs) > 0 {
		t.Fatalf("answers with entry ids: %v", errs)
	}
	key := tpl.Triggered(a)[0].Key
	if key != "nf_relatie.e2" {
		t.Fatalf("key %q, want the entry's id", key)
	}
	list := a["nf_lijst"].([]any)
	a["nf_lijst"] = []any{list[1], list[0]} // the candidate reorders
	tpl.AssignEntryIDs(a, func() string { t.Fatal("an entry with an id got a new one"); return "" })
	if got := tpl.Triggered(a)[0].Key; got != key {
		t.Fatalf("after reordering the key is %q, want %q", got, key)
	}
	if _, kept := tpl.Prune(a)["nf_lijst"].([]any)[0].(map[string]any)[EntryIDKey]; !kept {
		t.Fatal("pruning dropped the entry id")
	}
	for _, bad := range []any{3.0, "", "a.b", strings.Repeat("x", 65)} {
		b := Answers{"nf_lijst": []any{map[string]any{EntryIDKey: bad, "organisatie": "x", "relatie": false}}}
		if errs := tpl.CheckAnswers(b, testToday); len(errs) != 1 {
			t.Errorf("entry id %v: errors %v", bad, errs)
		}
	}
}

// testToday is the day answers are checked on.
var testToday = NewDate(2026, time.March, 2)

// TestSignalFurtherConditions: a rule with "and" fires only when every
// condition holds, one with "unless" not when one holds; for a plain rule on the answers, for a group rule on the
// same entry; Validate refuses a condition across a group's boundary.
func TestSignalFurtherConditions(t *testing.T) {
	t.Parallel()
	tpl := &Template{Version: "t", Title: "T", Sections: []Section{{ID: "s", Title: "S", Questions: []Question{
		{ID: "a", Text: "A?", Type: QuestionBoolean},
		{ID: "b", Text: "B?", Type: QuestionBoolean},
		{ID: "g", Text: "G", Type: QuestionGroup, Fields: []Question{
			{ID: "x", Text: "X?", Type: QuestionBoolean},
			{ID: "y", Text: "Y?", Type: QuestionChoice, Options: []Option{{Value: "nu", Label: "Nu"}, {Value: "toen", Label: "Toen"}}},
		}},
	}}}, Signals: []SignalRule{
		{ID: "ab", When: Condition{Question: "a", Equals: true}, And: []Condition{{Question: "b", Equals: false}},
			Domain: DomainPersonal, Class: ClassAttention, Title: "AB"},
		{ID: "xy", When: Condition{Question: "g.x", Equals: true}, And: []Condition{{Question: "g.y", Equals: "nu"}},
			Domain: DomainPersonal, Class: ClassAttention, Title: "XY"},
		{ID: "unless", When: Condition{Question: "a", Equals: true}, Unless: []Condition{{Question: "b", Equals: true}},
			Domain: DomainPersonal, Class: ClassObstruction, Title: "U"},
	}}
	if err := tpl.Validate(); err != nil {
		t.Fatal(err)
	}
	keys := func(a Answers) []string {
		var out []string
		for _, s := range tpl.Triggered(a) {
			out = append(out, s.Key)
		}
		return out
	}
	entries := []any{map[string]any{"_id": "e1", "x": true, "y": "nu"}, map[string]any{"_id": "e2", "x": true, "y": "toen"}}
	if got := keys(Answers{"a": true, "b": false, "g": entries}); !slices.Equal(got, []string{"ab", "xy.e1", "unless"}) {
		t.Errorf("fired %v, want ab, xy.e1 and unless", got)
	}
	if got := keys(Answers{"a": true, "b": true}); len(got) != 0 {
		t.Errorf("fired %v with b true", got)
	}
	// An unanswered "unless" keeps the rule: the lifting answer is not given.
	if got := keys(Answers{"a": true}); !slices.Equal(got, []string{"unless"}) {
		t.Errorf("fired %v with b unanswered, want unless", got)
	}
	bad := *tpl
	bad.Signals = []SignalRule{{ID: "mix", When: Condition{Question: "g.x", Equals: true}, And: []Condition{{Question: "a", Equals: true}},
		Domain: DomainPersonal, Class: ClassAttention, Title: "Mix"}}
	if err := bad.Validate(); err == nil {
		t.Error("a group rule with a condition outside its entry passed Validate")
	}
}
