package configs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"basisscan/domain"
)

const v2Version = "2026-2"

// v2 returns the shipped template 2026-2.
func v2(t *testing.T) *domain.Template {
	t.Helper()
	ts, err := Templates()
	if err != nil {
		t.Fatalf("Templates() = %v", err)
	}
	tpl, ok := ts[v2Version]
	if !ok {
		t.Fatalf("Templates() has no version %q", v2Version)
	}
	return tpl
}

// v2Sections are the same themes as 2026-1's (wantSections), in order;
// every office sees every one of them, but for a lid van het dagelijks
// bestuur the residence section: no residence requirement was found in the
// Waterschapswet.
var v2Sections = wantSections

// v2SectionsFor are the sections of the office's view.
func v2SectionsFor(o domain.Office) []string {
	if o == domain.OfficeLidDagelijksBestuur {
		return slices.DeleteFunc(slices.Clone(v2Sections), func(s string) bool { return s == "woonplaats" })
	}
	return v2Sections
}

// v2Law is the law of each office, as the template names it.
var v2Law = map[domain.Office]string{
	domain.OfficeWethouder:           "Gemeentewet",
	domain.OfficeGedeputeerde:        "Provinciewet",
	domain.OfficeLidDagelijksBestuur: "Waterschapswet",
	domain.OfficeEilandgedeputeerde:  "WolBES",
}

// v2Articles are the article numbers a view may cite without saying that
// they were not verified: those checked against the law's text (the BWB id
// in each rule's source) or stated in domain.md. Any other citation is in a
// text that says "niet geverifieerd".
var v2Articles = map[domain.Office][]string{
	domain.OfficeWethouder: {"36a lid 2", "36a lid 3", "36a lid 4", "36b", "36b lid 1", "36b lid 2",
		"41c lid 1", "15 lid 1", "15 lid 2"},
	domain.OfficeGedeputeerde:        {"35c", "35c lid 1", "35c lid 2"},
	domain.OfficeLidDagelijksBestuur: nil,
	domain.OfficeEilandgedeputeerde:  nil,
}

var articleRef = regexp.MustCompile(`art\. ?(\d+[a-z]*(?: lid \d+)?)`)

func TestV2LoadsAndValidates(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	if err := tpl.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	if tpl.Version != v2Version || strings.TrimSpace(tpl.Title) == "" {
		t.Errorf("version %q, title %q", tpl.Version, tpl.Title)
	}
	ts, _ := Templates()
	if _, ok := ts[shippedVersion]; !ok {
		t.Errorf("version %q is no longer shipped; running scans are pinned to it", shippedVersion)
	}
	// Office filters must not leave a view with a condition or a signal on
	// a question the office does not see.
	for _, o := range domain.Offices {
		if err := tpl.For(o).Validate(); err != nil {
			t.Errorf("For(%s).Validate() = %v", o, err)
		}
	}
}

// v2Field returns a field of a group.
func v2Field(g domain.Question, id string) (domain.Question, bool) {
	for _, f := range g.Fields {
		if f.ID == id {
			return f, true
		}
	}
	return domain.Question{}, false
}

func TestV2Shape(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	count := map[domain.QuestionType]int{}
	for _, s := range tpl.Sections {
		if !snakeCase.MatchString(s.ID) {
			t.Errorf("section id %q is not snake_case", s.ID)
		}
		for _, q := range s.Questions {
			count[q.Type]++
			if !snakeCase.MatchString(q.ID) || !strings.HasPrefix(q.ID, s.ID+"_") {
				t.Errorf("question id %q is not snake_case with section prefix %q", q.ID, s.ID+"_")
			}
			if q.ShowIf != nil && !q.Required {
				t.Errorf("follow-up %q is not required (it is only required while shown)", q.ID)
			}
			if q.Type == domain.QuestionBoolean && !q.Required {
				t.Errorf("boolean %q is not required", q.ID)
			}
			for _, o := range q.Options {
				if !snakeCase.MatchString(o.Value) {
					t.Errorf("question %q: option value %q is not snake_case", q.ID, o.Value)
				}
			}
			if q.Type == domain.QuestionNumber && q.Min == nil {
				t.Errorf("number %q has no minimum", q.ID)
			}
			if q.Type != domain.QuestionGroup {
				continue
			}
			// A group sits behind a boolean gate and needs an entry once open.
			var gate domain.Question
			if q.ShowIf != nil {
				gate, _ = tpl.Question(q.ShowIf.Question)
			}
			if q.ShowIf == nil || gate.Type != domain.QuestionBoolean || q.ShowIf.Equals != true || !q.Required {
				t.Errorf("group %q is not a required group behind a boolean gate", q.ID)
			}
			if q.MaxEntries == 0 {
				t.Errorf("group %q has no max_entries", q.ID)
			}
			for _, f := range q.Fields {
				count["field "+f.Type]++
				if !snakeCase.MatchString(f.ID) {
					t.Errorf("field %s.%s is not snake_case", q.ID, f.ID)
				}
				if !f.Required {
					t.Errorf("field %s.%s is not required", q.ID, f.ID)
				}
			}
		}
	}
	for _, typ := range []domain.QuestionType{domain.QuestionBoolean, domain.QuestionText, domain.QuestionLongText,
		domain.QuestionChoice, domain.QuestionMultiChoice, domain.QuestionDate, domain.QuestionNumber, domain.QuestionGroup} {
		if count[typ] == 0 {
			t.Errorf("no top-level question of type %s", typ)
		}
	}
	if count["field "+domain.QuestionLongText] == 0 || count["field "+domain.QuestionNumber] == 0 {
		t.Errorf("groups lack a long_text or number field: %v", count)
	}

	last := tpl.Sections[len(tpl.Sections)-1]
	if last.ID != "bevestiging" {
		t.Errorf("last section is %q, want bevestiging", last.ID)
	}
	q, ok := tpl.Question("bevestiging_volledig_juist")
	// A single-option choice: a required boolean could be answered "no" and
	// still count as answered.
	if !ok || q.Type != domain.QuestionChoice || len(q.Options) != 1 || q.Options[0].Value != "akkoord" ||
		!q.Required || q.ShowIf != nil || len(q.Offices) != 0 {
		t.Errorf("bevestiging_volledig_juist = %+v, %v; want an unconditional required single-option choice", q, ok)
	}

	for _, r := range tpl.Signals {
		if strings.TrimSpace(r.Description) == "" || strings.TrimSpace(r.Measure) == "" {
			t.Errorf("signal %q lacks a description or a measure", r.ID)
		}
		if !snakeCase.MatchString(r.ID) {
			t.Errorf("signal id %q is not snake_case", r.ID)
		}
	}
}

// The groups the candidate lists things in, with the fields each needs.
func TestV2Groups(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	type field struct {
		id       string
		typ      domain.QuestionType
		min, max float64 // for numbers
		showIf   string  // the field it depends on, if any
	}
	tests := []struct {
		name   string
		group  string
		gate   string
		fields []field
	}{
		{"nevenfuncties", "nevenfuncties_lijst", "nevenfuncties_heeft", []field{
			{id: "organisatie", typ: domain.QuestionText},
			{id: "functie", typ: domain.QuestionText},
			{id: "status", typ: domain.QuestionChoice},
			{id: "betaald", typ: domain.QuestionBoolean},
			{id: "uren_per_maand", typ: domain.QuestionNumber, min: 0, max: 744},
			{id: "relatie_bestuursorgaan", typ: domain.QuestionBoolean},
			{id: "relatie_toelichting", typ: domain.QuestionLongText, showIf: "relatie_bestuursorgaan"},
		}},
		{"financial interests", "financiele_belangen_lijst", "financiele_belangen_heeft", []field{
			{id: "onderneming", typ: domain.QuestionText},
			{id: "percentage", typ: domain.QuestionNumber, min: 0, max: 100},
			{id: "levert_bestuursorgaan", typ: domain.QuestionBoolean},
		}},
		{"real estate", "vastgoed_lijst", "vastgoed_heeft", []field{
			{id: "soort", typ: domain.QuestionChoice},
			{id: "ligging", typ: domain.QuestionText},
			{id: "binnen_gebied", typ: domain.QuestionBoolean},
			{id: "relatie_bestuursorgaan", typ: domain.QuestionBoolean},
		}},
		{"relatives", "familie_lijst", "familie_werkzaam", []field{
			{id: "relatie", typ: domain.QuestionChoice},
			{id: "aard", typ: domain.QuestionChoice},
		}},
		{"former employers (draaideur)", "werkgever_lijst", "werkgever_relatie", []field{
			{id: "werkgever", typ: domain.QuestionText},
			{id: "status", typ: domain.QuestionChoice},
			{id: "einddatum", typ: domain.QuestionDate, showIf: "status"},
			{id: "relatie_soort", typ: domain.QuestionMultiChoice},
			{id: "overeenkomsten", typ: domain.QuestionBoolean},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, ok := tpl.Question(tt.group)
			if !ok || g.Type != domain.QuestionGroup {
				t.Fatalf("%s = %+v, %v; want a group", tt.group, g, ok)
			}
			if g.ShowIf == nil || g.ShowIf.Question != tt.gate || !g.Required || len(g.Offices) != 0 {
				t.Errorf("%s: show_if %+v, required %v, offices %v; want required, for all offices, behind %s",
					tt.group, g.ShowIf, g.Required, g.Offices, tt.gate)
			}
			for _, want := range tt.fields {
				f, ok := v2Field(g, want.id)
				if !ok || f.Type != want.typ {
					t.Errorf("%s.%s = %+v, %v; want a %s field", tt.group, want.id, f, ok, want.typ)
					continue
				}
				if want.typ == domain.QuestionNumber && (f.Min == nil || *f.Min != want.min || f.Max == nil || *f.Max != want.max) {
					t.Errorf("%s.%s: bounds %v..%v, want %g..%g", tt.group, want.id, f.Min, f.Max, want.min, want.max)
				}
				if got := ""; f.ShowIf != nil || want.showIf != "" {
					if f.ShowIf != nil {
						got = f.ShowIf.Question
					}
					if got != want.showIf {
						t.Errorf("%s.%s depends on %q, want %q", tt.group, want.id, got, want.showIf)
					}
				}
			}
		})
	}
}

// texts returns every text of a view a candidate or adviser reads, each
// with where it comes from.
func texts(tpl *domain.Template) map[string]string {
	out := map[string]string{}
	var add func(at string, q domain.Question)
	add = func(at string, q domain.Question) {
		out[at+".text"], out[at+".help"] = q.Text, q.Help
		for _, o := range q.Options {
			out[at+".option."+o.Value] = o.Label
		}
		for _, f := range q.Fields {
			add(at+"."+f.ID, f)
		}
	}
	for _, s := range tpl.Sections {
		out["section "+s.ID] = s.Title
		for _, q := range s.Questions {
			add(q.ID, q)
		}
	}
	for _, r := range tpl.Signals {
		for k, v := range map[string]string{"title": r.Title, "description": r.Description,
			"legal_basis": r.LegalBasis, "source": r.Source, "measure": r.Measure} {
			out["signal "+r.ID+"."+k] = v
		}
	}
	return out
}

func TestV2OfficeViews(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	tests := []struct {
		office domain.Office
		// legal basis of the incompatible-office rule
		incompatible string
		// rule id -> substring of its legal basis
		basis map[string]string
	}{
		{domain.OfficeWethouder, "Gemeentewet art. 36b lid 1", map[string]string{
			"nevenfunctie_raakvlak_wethouder":           "Gemeentewet art. 41b",
			"belang_in_contractpartij_wethouder":        "Gemeentewet art. 41c lid 1 met art. 15 lid 1 onder d",
			"vastgoed_met_bestuursorgaan_wethouder":     "Gemeentewet art. 41c lid 1",
			"woonplaats_zonder_ontheffing_wethouder":    "Gemeentewet art. 36a lid 3",
			"vog_niet_aangevraagd_wethouder":            "Gemeentewet art. 36a lid 2",
			"wethouder_andere_gemeente":                 "Gemeentewet art. 36a lid 4",
			"overeenkomst_met_bestuursorgaan_wethouder": "Gemeentewet art. 41c lid 1",
			"raadslid_tot_opvolger":                     "Gemeentewet art. 36b lid 2",
		}},
		{domain.OfficeGedeputeerde, "Provinciewet art. 35c lid 1", map[string]string{
			"nevenfunctie_raakvlak_gedeputeerde":         "Provinciewet, nevenfuncties (artikel niet geverifieerd)",
			"belang_in_contractpartij_gedeputeerde":      "Provinciewet, verboden handelingen",
			"woonplaats_zonder_ontheffing_gedeputeerde":  "Provinciewet, woonplaatsvereiste",
			"statenlid_tot_opvolger":                     "Provinciewet art. 35c lid 2",
			"onverenigbare_bestuursfunctie_gedeputeerde": "Provinciewet art. 35c lid 1 (onder meer burgemeester",
		}},
		{domain.OfficeLidDagelijksBestuur, "Waterschapswet art. 31", map[string]string{
			"nevenfunctie_raakvlak_dagelijks_bestuur":    "Waterschapswet, nevenfuncties (artikel niet geverifieerd)",
			"belang_in_contractpartij_dagelijks_bestuur": "Waterschapswet, verboden handelingen",
		}},
		{domain.OfficeEilandgedeputeerde, "WolBES, onverenigbare functies", map[string]string{
			"nevenfunctie_raakvlak_eilandgedeputeerde":    "WolBES, nevenfuncties (artikel niet geverifieerd)",
			"belang_in_contractpartij_eilandgedeputeerde": "WolBES, verboden handelingen",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.office), func(t *testing.T) {
			t.Parallel()
			view := tpl.For(tt.office)
			var ids []string
			for _, s := range view.Sections {
				ids = append(ids, s.ID)
			}
			if want := v2SectionsFor(tt.office); !slices.Equal(ids, want) {
				t.Errorf("sections = %v\nwant %v", ids, want)
			}

			// Exactly one belemmering on the office's own list of incompatible
			// functions, citing the office's own law.
			var incompatible []domain.SignalRule
			for _, r := range view.Signals {
				if strings.HasPrefix(r.When.Question, "onverenigbaarheid_functies_") && r.Class == domain.ClassObstruction {
					incompatible = append(incompatible, r)
				}
			}
			if len(incompatible) != 1 {
				t.Fatalf("%d incompatible-office belemmeringen, want 1: %+v", len(incompatible), incompatible)
			}
			if r := incompatible[0]; !strings.Contains(r.LegalBasis, tt.incompatible) || r.Domain != domain.DomainFunctional {
				t.Errorf("incompatible-office rule %s: %s, %s, %q; want functioneel, belemmering, citing %q",
					r.ID, r.Domain, r.Class, r.LegalBasis, tt.incompatible)
			}
			for id, want := range tt.basis {
				i := slices.IndexFunc(view.Signals, func(r domain.SignalRule) bool { return r.ID == id })
				if i < 0 {
					t.Errorf("no rule %s", id)
				} else if got := view.Signals[i].LegalBasis; !strings.Contains(got, want) {
					t.Errorf("rule %s cites %q, want %q", id, got, want)
				}
			}

			// Every text of the view cites only the office's own law, and
			// of it only verified articles, unless it says it is not.
			for at, text := range texts(view) {
				for o, law := range v2Law {
					if o != tt.office && strings.Contains(text, law) {
						t.Errorf("%s names %s, the law of %s: %q", at, law, o, text)
					}
				}
				for _, m := range articleRef.FindAllStringSubmatch(text, -1) {
					if !slices.Contains(v2Articles[tt.office], m[1]) && !strings.Contains(text, "niet geverifieerd") {
						t.Errorf("%s cites art. %s, not a verified article for %s, without saying so: %q", at, m[1], tt.office, text)
					}
				}
			}
		})
	}
}

// answerFor turns a condition's value into an answer to q: a multi_choice
// answer is a list.
func answerFor(q domain.Question, v any) any {
	if q.Type == domain.QuestionMultiChoice {
		return []any{v}
	}
	return v
}

// otherThan returns a valid answer to q that does not satisfy a condition
// on the value v.
func otherThan(t *testing.T, q domain.Question, v any) any {
	t.Helper()
	switch q.Type {
	case domain.QuestionBoolean:
		return !v.(bool)
	case domain.QuestionChoice, domain.QuestionMultiChoice:
		for _, o := range q.Options {
			if o.Value != v {
				return answerFor(q, o.Value)
			}
		}
	}
	t.Fatalf("no other value than %v for %s question %q", v, q.Type, q.ID)
	return nil
}

// showAll sets the answers that make q (a question, or with g a field of
// group entry) visible, up its chain of conditions.
func showAll(t *testing.T, lookup func(string) (domain.Question, bool), answers map[string]any, q domain.Question) {
	t.Helper()
	for q.ShowIf != nil {
		dep, ok := lookup(q.ShowIf.Question)
		if !ok {
			t.Fatalf("%q depends on unknown %q", q.ID, q.ShowIf.Question)
		}
		answers[dep.ID] = answerFor(dep, q.ShowIf.Equals)
		q = dep
	}
}

// signalCase is how to make one rule fire, and how not.
type signalCase struct {
	fire, differs, hidden, fieldHidden domain.Answers // hidden, fieldHidden: nil when not applicable
	key                                string
}

// casesFor builds minimal answers for the rule r of view.
func casesFor(t *testing.T, view *domain.Template, r domain.SignalRule) signalCase {
	t.Helper()
	groupID, fieldID, inGroup := strings.Cut(r.When.Question, ".")
	q, ok := view.Question(groupID)
	if !ok {
		t.Fatalf("rule %s watches %q, not in the view", r.ID, groupID)
	}
	build := func(v any, gateOpen, fieldShown bool) domain.Answers {
		a := domain.Answers{}
		showAll(t, view.Question, a, q)
		if !gateOpen {
			dep, _ := view.Question(q.ShowIf.Question)
			a[dep.ID] = otherThan(t, dep, q.ShowIf.Equals)
		}
		if !inGroup {
			a[q.ID] = v
			for _, c := range r.And {
				dep, _ := view.Question(c.Question)
				showAll(t, view.Question, a, dep)
				a[dep.ID] = answerFor(dep, c.Equals)
			}
			return a
		}
		f, ok := v2Field(q, fieldID)
		if !ok {
			t.Fatalf("rule %s watches unknown field %q", r.ID, r.When.Question)
		}
		entry := map[string]any{}
		showAll(t, func(id string) (domain.Question, bool) { return v2Field(q, id) }, entry, f)
		if !fieldShown {
			dep, _ := v2Field(q, f.ShowIf.Question)
			entry[dep.ID] = otherThan(t, dep, f.ShowIf.Equals)
		}
		entry[fieldID] = v
		for _, c := range r.And {
			_, id, _ := strings.Cut(c.Question, ".")
			dep, _ := v2Field(q, id)
			entry[id] = answerFor(dep, c.Equals)
		}
		// A first entry that does not match: the key names the second.
		first := map[string]any{}
		for k, x := range entry {
			first[k] = x
		}
		first[fieldID] = otherThan(t, f, r.When.Equals)
		a[groupID] = []any{first, entry}
		return a
	}
	watched := q
	if inGroup {
		watched, _ = v2Field(q, fieldID)
	}
	c := signalCase{
		fire:    build(answerFor(watched, r.When.Equals), true, true),
		differs: build(otherThan(t, watched, r.When.Equals), true, true),
		key:     r.ID,
	}
	if q.ShowIf != nil {
		c.hidden = build(answerFor(watched, r.When.Equals), false, true)
	}
	if inGroup {
		c.key = r.ID + ".1"
		if watched.ShowIf != nil {
			c.fieldHidden = build(answerFor(watched, r.When.Equals), true, false)
		}
	}
	return c
}

// firedBy returns the keys of the signals of rule id.
func firedBy(signals []domain.Signal, id string) []string {
	var keys []string
	for _, s := range signals {
		if s.Rule.ID == id {
			keys = append(keys, s.Key)
		}
	}
	return keys
}

func TestV2EverySignalFires(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	offices := map[string][]domain.Office{} // rule -> the offices whose view has it
	for _, o := range domain.Offices {
		view := tpl.For(o)
		for _, r := range view.Signals {
			offices[r.ID] = append(offices[r.ID], o)
			t.Run(string(o)+"/"+r.ID, func(t *testing.T) {
				t.Parallel()
				c := casesFor(t, view, r)
				if errs := view.CheckAnswers(c.fire, testToday); len(errs) > 0 {
					t.Fatalf("test answers are invalid: %v", errs)
				}
				fired := view.Triggered(c.fire)
				if got := firedBy(fired, r.ID); !slices.Equal(got, []string{c.key}) {
					t.Errorf("on %v: fired %v, want [%s]", c.fire, got, c.key)
				}
				for _, s := range fired {
					if s.Rule.ID == r.ID {
						if s.Section == "" {
							t.Errorf("signal %s has no section", s.Key)
						}
						continue
					}
					// Only rules on the same group may fire too (on the non-matching entry).
					group, _, _ := strings.Cut(r.When.Question, ".")
					if s.Rule.Class == domain.ClassObstruction || !strings.HasPrefix(s.Rule.When.Question, group+".") {
						t.Errorf("on %v: %s (%s) fired by accident", c.fire, s.Key, s.Rule.Class)
					}
				}
				for name, a := range map[string]domain.Answers{"other answer": c.differs,
					"gate closed": c.hidden, "field hidden": c.fieldHidden} {
					if a == nil {
						continue
					}
					if got := firedBy(view.Triggered(a), r.ID); len(got) > 0 {
						t.Errorf("%s %v: fired %v", name, a, got)
					}
				}
				// Other offices' views do not have the rule; its answers fire nothing of it there.
				for _, other := range domain.Offices {
					if len(r.Offices) > 0 && !slices.Contains(r.Offices, other) {
						if got := firedBy(tpl.For(other).Triggered(c.fire), r.ID); len(got) > 0 {
							t.Errorf("fires %v in the view for %s", got, other)
						}
					}
				}
			})
		}
	}
	// Every rule of the template is in some view, so every rule was tried.
	for _, r := range tpl.Signals {
		want := r.Offices
		if len(want) == 0 {
			want = domain.Offices
		}
		if !slices.Equal(offices[r.ID], want) {
			t.Errorf("rule %s is in the views of %v, want %v", r.ID, offices[r.ID], want)
		}
	}
}

// v2Suffix is how per-office rule and question ids end.
var v2Suffix = map[domain.Office]string{
	domain.OfficeWethouder:           "wethouder",
	domain.OfficeGedeputeerde:        "gedeputeerde",
	domain.OfficeLidDagelijksBestuur: "dagelijks_bestuur",
	domain.OfficeEilandgedeputeerde:  "eilandgedeputeerde",
}

// The rules the brief asks for, in the view of each office they apply to,
// watching the right answer, with the right domain and class. An id or a
// watched question with "%s" is per office, with the office's suffix.
func TestV2RequiredSignals(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	tests := []struct {
		name    string
		rule    string
		offices []domain.Office // empty: all
		when    string
		equals  any
		domain  domain.RiskDomain
		class   domain.FindingClass
	}{
		{"nevenfunctie with a relation", "nevenfunctie_raakvlak_%s", nil,
			"nevenfuncties_lijst.relatie_bestuursorgaan", true, domain.DomainFunctional, domain.ClassMeasure},
		{"shareholding in a contractor", "belang_in_contractpartij_%s", nil,
			"financiele_belangen_lijst.levert_bestuursorgaan", true, domain.DomainFinancial, domain.ClassMeasure},
		{"arrears", "betalingsachterstanden", nil,
			"financiele_situatie_aflossen", true, domain.DomainFinancial, domain.ClassAttention},
		{"debt counselling (multi_choice)", "schuldhulpverlening", nil,
			"financiele_situatie_schulden_soorten", "schuldhulp", domain.DomainFinancial, domain.ClassAttention},
		{"relative working for the body", "familielid_werkt_bij_bestuursorgaan", nil,
			"familie_lijst.aard", "werkt_bij", domain.DomainRelational, domain.ClassAttention},
		{"non-resident without ontheffing", "woonplaats_zonder_ontheffing_%s",
			[]domain.Office{domain.OfficeWethouder, domain.OfficeGedeputeerde, domain.OfficeEilandgedeputeerde},
			"woonplaats_ontheffing", false, domain.DomainPersonal, domain.ClassAttention},
		{"incompatible office kept", "onverenigbare_functie_%s", nil,
			"onverenigbaarheid_functies_%s_beeindigen", false, domain.DomainFunctional, domain.ClassObstruction},
		{"wethouder elsewhere", "wethouder_andere_gemeente", []domain.Office{domain.OfficeWethouder},
			"onverenigbaarheid_wethouder_elders_beeindigen", false, domain.DomainFunctional, domain.ClassObstruction},
		{"property with the body", "vastgoed_met_bestuursorgaan_%s", nil,
			"vastgoed_lijst.relatie_bestuursorgaan", true, domain.DomainFinancial, domain.ClassMeasure},
		{"draaideur", "draaideur_werkgever", nil,
			"werkgever_lijst.overeenkomsten", true, domain.DomainFunctional, domain.ClassAttention},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			offices := tt.offices
			if len(offices) == 0 {
				offices = domain.Offices
			}
			for _, o := range offices {
				id, when := tt.rule, tt.when
				if strings.Contains(id, "%s") {
					id, when = fmt.Sprintf(id, v2Suffix[o]), strings.ReplaceAll(when, "%s", v2Suffix[o])
				}
				view := tpl.For(o)
				i := slices.IndexFunc(view.Signals, func(r domain.SignalRule) bool { return r.ID == id })
				if i < 0 {
					t.Errorf("%s: no rule %s", o, id)
					continue
				}
				r := view.Signals[i]
				if r.When.Question != when || r.When.Equals != tt.equals || r.Domain != tt.domain || r.Class != tt.class {
					t.Errorf("%s: %s fires on %s = %v, %s, %s; want %s = %v, %s, %s", o, id,
						r.When.Question, r.When.Equals, r.Domain, r.Class, when, tt.equals, tt.domain, tt.class)
				}
			}
		})
	}
}

// Only the legal obstacles of domain.md are a belemmering: an incompatible
// office kept, for a wethouder a wethouderschap elsewhere kept, and for a
// gedeputeerde a wethouderschap, burgemeesterschap or waterschap's bestuur
// in the provincie kept (Provinciewet art. 35c lid 1).
func TestV2Obstructions(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	var got []string
	for _, r := range tpl.Signals {
		if r.Class == domain.ClassObstruction {
			got = append(got, r.ID)
		}
	}
	want := []string{"onverenigbare_functie_wethouder", "onverenigbare_functie_gedeputeerde",
		"onverenigbare_functie_dagelijks_bestuur", "onverenigbare_functie_eilandgedeputeerde", "wethouder_andere_gemeente",
		"onverenigbare_bestuursfunctie_gedeputeerde"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("belemmeringen = %v, want %v", got, want)
	}
}

func loadV2Example(t *testing.T) domain.Answers {
	t.Helper()
	b, err := os.ReadFile("examples/answers-2026-2.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var body struct {
		Answers domain.Answers `json:"answers"`
	}
	if err := dec.Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Answers
}

// The demo and the README submit this file for a wethouder.
func TestV2ExampleAnswers(t *testing.T) {
	t.Parallel()
	view := v2(t).For(domain.OfficeWethouder)
	a := loadV2Example(t)
	if errs := view.CheckAnswers(a, testToday); len(errs) > 0 {
		t.Fatalf("invalid answers: %v", errs)
	}
	if m := view.Missing(a); len(m) > 0 {
		t.Errorf("example answers miss %v", m)
	}
	if pruned := view.Prune(a); !reflect.DeepEqual(pruned, a) {
		t.Errorf("example answers hold answers to hidden questions: Prune drops some of %v", a)
	}
	fired := view.Triggered(a)
	var keys []string
	for _, s := range fired {
		keys = append(keys, s.Key)
		if s.Rule.Class == domain.ClassObstruction {
			t.Errorf("example answers fire belemmering %s", s.Key)
		}
	}
	if !slices.Contains(keys, "nevenfunctie_raakvlak_wethouder.0") {
		t.Errorf("example answers fire %v, want the nevenfunctie signal nevenfunctie_raakvlak_wethouder.0", keys)
	}
}

func TestV2GroupEntries(t *testing.T) {
	t.Parallel()
	tpl := v2(t).For(domain.OfficeWethouder)
	complete := func() map[string]any {
		return map[string]any{"organisatie": "Stichting Voorbeeld", "functie": "Bestuurslid", "status": "huidig",
			"betaald": false, "uren_per_maand": float64(8), "voortzetten": "beeindigen",
			"relatie_bestuursorgaan": true, "relatie_toelichting": "Ontvangt subsidie."}
	}
	without := func(m map[string]any, keys ...string) map[string]any {
		for _, k := range keys {
			delete(m, k)
		}
		return m
	}
	with := func(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }
	tests := []struct {
		name        string
		answers     domain.Answers
		wantPruned  any      // the group's answer after Prune; nil: dropped
		wantMissing []string // the missing paths of the nevenfuncties section
	}{
		{
			name:        "complete entry",
			answers:     domain.Answers{"nevenfuncties_heeft": true, "nevenfuncties_lijst": []any{complete()}},
			wantPruned:  []any{complete()},
			wantMissing: []string{},
		},
		{
			name: "hidden explanation is dropped",
			answers: domain.Answers{"nevenfuncties_heeft": true, "nevenfuncties_lijst": []any{
				with(complete(), "relatie_bestuursorgaan", false)}},
			wantPruned:  []any{without(with(complete(), "relatie_bestuursorgaan", false), "relatie_toelichting")},
			wantMissing: []string{},
		},
		{
			name: "hidden follow-up of a past function is dropped",
			answers: domain.Answers{"nevenfuncties_heeft": true, "nevenfuncties_lijst": []any{
				complete(), with(complete(), "status", "beeindigd")}},
			wantPruned:  []any{complete(), without(with(complete(), "status", "beeindigd"), "voortzetten")},
			wantMissing: []string{},
		},
		{
			name: "missing required fields name the entry",
			answers: domain.Answers{"nevenfuncties_heeft": true, "nevenfuncties_lijst": []any{
				complete(), without(complete(), "uren_per_maand", "relatie_toelichting")}},
			wantPruned: []any{complete(), without(complete(), "uren_per_maand", "relatie_toelichting")},
			wantMissing: []string{"nevenfuncties_lijst[1].uren_per_maand",
				"nevenfuncties_lijst[1].relatie_toelichting"},
		},
		{
			name:        "open gate needs an entry",
			answers:     domain.Answers{"nevenfuncties_heeft": true, "nevenfuncties_lijst": []any{}},
			wantPruned:  []any{},
			wantMissing: []string{"nevenfuncties_lijst"},
		},
		{
			name:        "closed gate drops the group",
			answers:     domain.Answers{"nevenfuncties_heeft": false, "nevenfuncties_lijst": []any{complete()}},
			wantPruned:  nil,
			wantMissing: []string{},
		},
		{
			name:        "unanswered gate",
			answers:     domain.Answers{},
			wantPruned:  nil,
			wantMissing: []string{"nevenfuncties_heeft"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if errs := tpl.CheckAnswers(tt.answers, testToday); len(errs) > 0 {
				t.Fatalf("CheckAnswers = %v", errs)
			}
			pruned := tpl.Prune(tt.answers)
			if got := pruned["nevenfuncties_lijst"]; !reflect.DeepEqual(got, tt.wantPruned) {
				t.Errorf("Prune: nevenfuncties_lijst = %v, want %v", got, tt.wantPruned)
			}
			var missing []string
			for _, p := range tpl.Progress(pruned) {
				if p.ID == "nevenfuncties" {
					missing = p.Missing
				}
			}
			if !slices.Equal(missing, tt.wantMissing) {
				t.Errorf("missing in nevenfuncties = %v, want %v", missing, tt.wantMissing)
			}
			all := tpl.Missing(pruned)
			for _, m := range tt.wantMissing {
				if !slices.Contains(all, m) {
					t.Errorf("Missing() = %v lacks %s", all, m)
				}
				if s := tpl.SectionOf(m); s != "nevenfuncties" {
					t.Errorf("SectionOf(%s) = %q", m, s)
				}
			}
		})
	}
}

// Answering every visible question of a view, each group with one full
// entry, leaves nothing missing: no required question is unreachable.
func TestV2AllAnsweredIsComplete(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	value := func(q domain.Question) any {
		switch q.Type {
		case domain.QuestionBoolean:
			return true
		case domain.QuestionText, domain.QuestionLongText:
			return "toelichting"
		case domain.QuestionDate:
			return "2026-05-01"
		case domain.QuestionChoice:
			return q.Options[0].Value
		case domain.QuestionMultiChoice:
			return []any{q.Options[0].Value}
		case domain.QuestionNumber:
			return *q.Min
		}
		return nil
	}
	for _, o := range domain.Offices {
		t.Run(string(o), func(t *testing.T) {
			t.Parallel()
			view := tpl.For(o)
			a := domain.Answers{}
			for _, s := range view.Sections {
				for _, q := range s.Questions {
					if q.Type != domain.QuestionGroup {
						a[q.ID] = value(q)
						continue
					}
					entry := map[string]any{}
					for _, f := range q.Fields {
						entry[f.ID] = value(f)
					}
					a[q.ID] = []any{entry}
				}
			}
			if errs := view.CheckAnswers(a, testToday); len(errs) > 0 {
				t.Fatalf("CheckAnswers = %v", errs)
			}
			if m := view.Missing(view.Prune(a)); len(m) != 0 {
				t.Errorf("Missing after answering everything = %v", m)
			}
			if m := view.Missing(domain.Answers{}); len(m) == 0 {
				t.Error("Missing(empty) is empty: nothing is required")
			}
			var n, groups int
			for _, s := range view.Sections {
				for _, q := range s.Questions {
					n++
					if q.Type == domain.QuestionGroup {
						groups++
					}
				}
			}
			t.Logf("%s: %d sections, %d questions of which %d groups, %d signal rules", o, len(view.Sections), n, groups, len(view.Signals))
		})
	}
}
