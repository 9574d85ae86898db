package configs

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"

	"basisscan/domain"
)

// lawCase is a candidate's answers on top of the shipped example answers,
// and what the rules must make of them for one office.
type lawCase struct {
	name   string
	office domain.Office
	patch  domain.Answers
	fires  map[string]domain.FindingClass // rule id -> class; every one must fire
	silent []string                       // rule ids that must not fire
}

func (c lawCase) run(t *testing.T, tpl *domain.Template) []domain.Signal {
	t.Helper()
	a := maps.Clone(loadV2Example(t))
	for k, v := range c.patch {
		a[k] = v
	}
	view := tpl.For(c.office)
	if errs := view.CheckAnswers(c.patch, testToday); len(errs) > 0 {
		t.Fatalf("invalid answers: %v", errs)
	}
	fired := view.Triggered(a)
	byRule := map[string]domain.Signal{}
	for _, s := range fired {
		byRule[s.Rule.ID] = s
	}
	for id, class := range c.fires {
		s, ok := byRule[id]
		if !ok {
			t.Errorf("%s does not fire; fired %v", id, slices.Collect(maps.Keys(byRule)))
		} else if s.Rule.Class != class {
			t.Errorf("%s is a %s, want %s", id, s.Rule.Class, class)
		}
	}
	for _, id := range c.silent {
		if _, ok := byRule[id]; ok {
			t.Errorf("%s fires", id)
		}
	}
	return fired
}

// officeRule is the id of a per-office rule.
func officeRule(prefix string, o domain.Office) string { return prefix + v2Suffix[o] }

// TestV2VerbodenHandelingen: the ban is on entering contracts (werk, the
// delivery or renting of movable goods to the body, buying, renting or
// leasing its property privately); a contract entered before, and an
// employer's contracts, are not forbidden; an intended contract is a
// measure that names the ontheffing. For every office.
func TestV2VerbodenHandelingen(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	shed := []any{map[string]any{"_id": "schuur", "soort": "bedrijfspand", "ligging": "Zuidhaven", "binnen_gebied": true,
		"plannen": false, "relatie_bestuursorgaan": true, "relatie_toelichting": "Ik verhuur sinds 2019 een schuur aan de gemeente."}}
	employer := []any{map[string]any{"_id": "werk", "werkgever": "Bouwbedrijf", "functie": "Projectleider", "status": "huidig",
		"relatie_soort": []any{"leverancier"}, "overeenkomsten": true, "toelichting": "Mijn werkgever bouwt voor de gemeente."}}
	for _, o := range domain.Offices {
		t.Run(string(o), func(t *testing.T) {
			t.Parallel()
			// A shed leased to the body since 2019: no belemmering, no "mag niet".
			fired := lawCase{office: o, patch: domain.Answers{"vastgoed_heeft": true, "vastgoed_lijst": shed,
				"zakelijke_relaties_overeenkomsten": true, "zakelijke_relaties_overeenkomsten_toelichting": "Verhuur van een schuur sinds 2019."},
				fires: map[string]domain.FindingClass{
					officeRule("vastgoed_met_bestuursorgaan_", o):     domain.ClassMeasure,
					officeRule("overeenkomst_met_bestuursorgaan_", o): domain.ClassAttention,
				}}.run(t, tpl)
			for _, s := range fired {
				if s.Rule.Class == domain.ClassObstruction {
					t.Errorf("a lease entered before appointment gives belemmering %s", s.Key)
				}
				if id := s.Rule.ID; id == officeRule("vastgoed_met_bestuursorgaan_", o) || id == officeRule("overeenkomst_met_bestuursorgaan_", o) {
					text := s.Rule.Description + " " + s.Rule.Measure
					if !strings.Contains(text, "niet verboden") || !strings.Contains(text, "onderhands") ||
						!strings.Contains(text, "roerende zaken") && id == officeRule("overeenkomst_met_bestuursorgaan_", o) {
						t.Errorf("%s does not say what the ban covers and that an existing contract is not forbidden: %q", id, text)
					}
					if strings.Contains(text, "geen zaken aan het bestuursorgaan verhuren") || strings.Contains(s.Rule.Measure, "beëindigen") {
						t.Errorf("%s tells the candidate to end a lawful lease: %q", id, text)
					}
				}
			}
			// An employer's contracts are not the candidate's: attention, no measure on verboden handelingen.
			lawCase{office: o, patch: domain.Answers{"werkgever_relatie": true, "werkgever_lijst": employer},
				fires:  map[string]domain.FindingClass{"draaideur_werkgever": domain.ClassAttention},
				silent: []string{officeRule("voorgenomen_overeenkomst_", o)}}.run(t, tpl)
			// An intended contract: a measure naming the ontheffing.
			fired = lawCase{office: o, patch: domain.Answers{"zakelijke_relaties_voornemen": true,
				"zakelijke_relaties_voornemen_toelichting": "Ik wil grond van de gemeente pachten."},
				fires: map[string]domain.FindingClass{officeRule("voorgenomen_overeenkomst_", o): domain.ClassMeasure}}.run(t, tpl)
			for _, s := range fired {
				if s.Rule.ID == officeRule("voorgenomen_overeenkomst_", o) && !strings.Contains(s.Rule.Measure, "ontheffing") {
					t.Errorf("%s does not name the ontheffing: %q", s.Key, s.Rule.Measure)
				}
			}
		})
	}
	// For a wethouder the ontheffing is Gedeputeerde Staten's, Gemeentewet art. 15 lid 2.
	for _, id := range []string{"voorgenomen_overeenkomst_wethouder", "eigendom_van_bestuursorgaan_wethouder", "vastgoed_met_bestuursorgaan_wethouder"} {
		r := ruleByID(t, tpl, id)
		if !strings.Contains(r.Measure, "Gedeputeerde Staten") || !strings.Contains(r.Measure, "Gemeentewet art. 15 lid 2") {
			t.Errorf("%s: measure %q does not name the ontheffing by Gedeputeerde Staten", id, r.Measure)
		}
	}
}

func ruleByID(t *testing.T, tpl *domain.Template, id string) domain.SignalRule {
	t.Helper()
	i := slices.IndexFunc(tpl.Signals, func(r domain.SignalRule) bool { return r.ID == id })
	if i < 0 {
		t.Fatalf("no rule %s", id)
	}
	return tpl.Signals[i]
}

// TestV2OnverenigbareFuncties: a raadslid who becomes wethouder, and a
// Statenlid who becomes gedeputeerde, may keep the seat until the
// successor's credentials are approved: an honest "no" to ending it is no
// belemmering. Any other incompatible function kept is. A gedeputeerde who
// stays wethouder, burgemeester or in a waterschap's bestuur in the
// provincie meets Provinciewet art. 35c lid 1.
func TestV2OnverenigbareFuncties(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	kept := func(o domain.Office, extra domain.Answers) domain.Answers {
		q := "onverenigbaarheid_functies_" + v2Suffix[o]
		a := domain.Answers{q: true, q + "_toelichting": "Een functie.", q + "_beeindigen": false}
		maps.Copy(a, extra)
		return a
	}
	cases := []lawCase{
		{name: "raadslid stays", office: domain.OfficeWethouder,
			patch:  kept(domain.OfficeWethouder, domain.Answers{"onverenigbaarheid_functies_wethouder_alleen_raad": true}),
			fires:  map[string]domain.FindingClass{"raadslid_tot_opvolger": domain.ClassAttention},
			silent: []string{"onverenigbare_functie_wethouder"}},
		{name: "other function kept, wethouder", office: domain.OfficeWethouder,
			patch:  kept(domain.OfficeWethouder, domain.Answers{"onverenigbaarheid_functies_wethouder_alleen_raad": false}),
			fires:  map[string]domain.FindingClass{"onverenigbare_functie_wethouder": domain.ClassObstruction},
			silent: []string{"raadslid_tot_opvolger"}},
		{name: "not yet said whether only the raad", office: domain.OfficeWethouder,
			patch: kept(domain.OfficeWethouder, nil),
			fires: map[string]domain.FindingClass{"onverenigbare_functie_wethouder": domain.ClassObstruction}},
		{name: "Statenlid stays", office: domain.OfficeGedeputeerde,
			patch:  kept(domain.OfficeGedeputeerde, domain.Answers{"onverenigbaarheid_functies_gedeputeerde_alleen_staten": true}),
			fires:  map[string]domain.FindingClass{"statenlid_tot_opvolger": domain.ClassAttention},
			silent: []string{"onverenigbare_functie_gedeputeerde"}},
		{name: "other function kept, gedeputeerde", office: domain.OfficeGedeputeerde,
			patch:  kept(domain.OfficeGedeputeerde, domain.Answers{"onverenigbaarheid_functies_gedeputeerde_alleen_staten": false}),
			fires:  map[string]domain.FindingClass{"onverenigbare_functie_gedeputeerde": domain.ClassObstruction},
			silent: []string{"statenlid_tot_opvolger"}},
		{name: "gedeputeerde stays wethouder", office: domain.OfficeGedeputeerde,
			patch: domain.Answers{"onverenigbaarheid_bestuurder_elders": true, "onverenigbaarheid_bestuurder_elders_toelichting": "Wethouder in Zuidhaven.",
				"onverenigbaarheid_bestuurder_elders_onverenigbaar": true, "onverenigbaarheid_bestuurder_elders_beeindigen": false},
			fires:  map[string]domain.FindingClass{"onverenigbare_bestuursfunctie_gedeputeerde": domain.ClassObstruction},
			silent: []string{"bestuursfunctie_elders", "bestuursfunctie_elders_gedeputeerde"}},
		{name: "gedeputeerde ends the wethouderschap", office: domain.OfficeGedeputeerde,
			patch: domain.Answers{"onverenigbaarheid_bestuurder_elders": true, "onverenigbaarheid_bestuurder_elders_toelichting": "Wethouder in Zuidhaven.",
				"onverenigbaarheid_bestuurder_elders_onverenigbaar": true, "onverenigbaarheid_bestuurder_elders_beeindigen": true},
			silent: []string{"onverenigbare_bestuursfunctie_gedeputeerde"}},
		{name: "gedeputeerde with another, compatible office", office: domain.OfficeGedeputeerde,
			patch: domain.Answers{"onverenigbaarheid_bestuurder_elders": true, "onverenigbaarheid_bestuurder_elders_toelichting": "Lid dagelijks bestuur elders.",
				"onverenigbaarheid_bestuurder_elders_onverenigbaar": false},
			fires:  map[string]domain.FindingClass{"bestuursfunctie_elders_gedeputeerde": domain.ClassAttention},
			silent: []string{"onverenigbare_bestuursfunctie_gedeputeerde"}},
	}
	for _, o := range []domain.Office{domain.OfficeLidDagelijksBestuur, domain.OfficeEilandgedeputeerde} {
		cases = append(cases, lawCase{name: "function kept", office: o, patch: kept(o, nil),
			fires: map[string]domain.FindingClass{officeRule("onverenigbare_functie_", o): domain.ClassObstruction}})
	}
	for _, c := range cases {
		t.Run(string(c.office)+"/"+c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, tpl)
		})
	}
	if r := ruleByID(t, tpl, "onverenigbare_bestuursfunctie_gedeputeerde"); !strings.Contains(r.LegalBasis, "Provinciewet art. 35c lid 1") {
		t.Errorf("the gedeputeerde's incompatible bestuursfunctie cites %q", r.LegalBasis)
	}
	if r := ruleByID(t, tpl, "raadslid_tot_opvolger"); !strings.Contains(r.LegalBasis, "Gemeentewet art. 36b lid 2") {
		t.Errorf("the raadslid's exception cites %q", r.LegalBasis)
	}
}

// TestV2NevenfunctieEnded: the duty on nevenfuncties concerns current and
// intended ones; an ended one with a relation to the body is at most an
// aandachtspunt.
func TestV2NevenfunctieEnded(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	entry := func(status string) domain.Answers {
		e := map[string]any{"_id": "nf", "organisatie": "Stichting", "functie": "Bestuurslid", "status": status, "betaald": false,
			"uren_per_maand": float64(4), "relatie_bestuursorgaan": true, "relatie_toelichting": "Subsidie."}
		if status == "huidig" {
			e["voortzetten"] = "beeindigen"
		}
		return domain.Answers{"nevenfuncties_heeft": true, "nevenfuncties_lijst": []any{e}}
	}
	for _, o := range domain.Offices {
		t.Run(string(o), func(t *testing.T) {
			t.Parallel()
			fired := lawCase{office: o, patch: entry("beeindigd"),
				fires:  map[string]domain.FindingClass{"beeindigde_nevenfunctie_raakvlak": domain.ClassAttention},
				silent: []string{officeRule("nevenfunctie_raakvlak_", o)}}.run(t, tpl)
			for _, s := range fired {
				if strings.HasPrefix(s.Key, "beeindigde_nevenfunctie_raakvlak") && s.Rule.LegalBasis != "" {
					t.Errorf("an ended nevenfunctie cites %q", s.Rule.LegalBasis)
				}
			}
			lawCase{office: o, patch: entry("huidig"),
				fires:  map[string]domain.FindingClass{officeRule("nevenfunctie_raakvlak_", o): domain.ClassMeasure},
				silent: []string{"beeindigde_nevenfunctie_raakvlak"}}.run(t, tpl)
		})
	}
}

// TestV2Waterschap: the lid van het dagelijks bestuur is asked nothing
// about residence (no requirement found in the Waterschapswet), and the
// incompatible functions cite Waterschapswet art. 31, saying it is not
// verified.
func TestV2Waterschap(t *testing.T) {
	t.Parallel()
	view := v2(t).For(domain.OfficeLidDagelijksBestuur)
	for _, s := range view.Sections {
		for _, q := range s.Questions {
			if strings.HasPrefix(q.ID, "woonplaats") {
				t.Errorf("the dagelijks bestuur is asked %s", q.ID)
			}
		}
	}
	for _, r := range view.Signals {
		if strings.HasPrefix(r.ID, "woonplaats") {
			t.Errorf("the dagelijks bestuur has residence signal %s", r.ID)
		}
	}
	r := ruleByID(t, view, "onverenigbare_functie_dagelijks_bestuur")
	if !strings.Contains(r.LegalBasis, "Waterschapswet art. 31") || !strings.Contains(r.LegalBasis, "niet geverifieerd") {
		t.Errorf("incompatible functions cite %q", r.LegalBasis)
	}
}

// TestV2Citations: every rule that cites the law names its source (the BWB
// id); an unverified citation says so in what the adviser reads, and no
// shipped template text ever says "de overeenkomstige bepaling".
func TestV2Citations(t *testing.T) {
	t.Parallel()
	tpl := v2(t)
	for _, r := range tpl.Signals {
		if r.LegalBasis == "" {
			continue
		}
		if !strings.Contains(r.Source, "BWBR") {
			t.Errorf("%s cites %q without a BWB source", r.ID, r.LegalBasis)
		}
		if strings.Contains(r.Source, "niet geverifieerd") != strings.Contains(r.LegalBasis, "niet geverifieerd") {
			t.Errorf("%s: source %q and citation %q disagree on verification", r.ID, r.Source, r.LegalBasis)
		}
	}
	err := fs.WalkDir(questionnaireFS, "questionnaire", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(questionnaireFS, p)
		if err != nil {
			return err
		}
		if strings.Contains(strings.ToLower(string(b)), "overeenkomstige bepaling") {
			t.Errorf("%s says \"de overeenkomstige bepaling\"", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestV2PressureSignalInAdvisersWords: the signal about vulnerability to
// pressure or blackmail becomes a finding only in the adviser's words.
func TestV2PressureSignalInAdvisersWords(t *testing.T) {
	t.Parallel()
	if r := ruleByID(t, v2(t), "chantabiliteit"); !r.AdviserWordsOnly {
		t.Error("chantabiliteit is not adviser_words_only")
	}
}
