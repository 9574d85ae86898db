package configs

import (
	"strings"
	"testing"

	"basisscan/domain"
)

// questionTexts returns every text of the template a person reads, by path.
func questionTexts(tpl *domain.Template) map[string]string {
	out := map[string]string{"title": tpl.Title}
	var add func(path string, q domain.Question)
	add = func(path string, q domain.Question) {
		out[path] = q.Text
		if q.Help != "" {
			out[path+"#help"] = q.Help
		}
		for _, o := range q.Options {
			out[path+"#"+o.Value] = o.Label
		}
		for _, f := range q.Fields {
			add(path+"."+f.ID, f)
		}
	}
	for _, s := range tpl.Sections {
		out["section "+s.ID] = s.Title
		for _, q := range s.Questions {
			add(q.ID, q)
		}
	}
	return out
}

// The candidate reads the organisation's name ({organisatie}), not the
// bureaucratic paraphrase, in every shipped template.
func TestShippedTextsNameTheOrganisation(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	for v, tpl := range ts {
		named := 0
		for path, text := range questionTexts(tpl) {
			for _, phrase := range []string{"bestuursorgaan waarvoor", "organisatie waarvoor u wordt voorgedragen", "waarvoor ik word voorgedragen"} {
				if strings.Contains(text, phrase) {
					t.Errorf("%s %s says %q instead of naming the organisation: %q", v, path, phrase, text)
				}
			}
			if strings.Contains(text, domain.PlaceholderOrganisation) {
				named++
			}
		}
		if named < 10 {
			t.Errorf("%s names the organisation in %d texts; want it wherever a question is about it (at least 10)", v, named)
		}
	}
}

// compoundBooleans are the yes/no questions of 2026-2 whose text holds " en "
// or " of ", each reviewed: why one "ja" still answers one thing. A new
// compound question fails the test until it is split or added here.
var compoundBooleans = map[string]string{
	"cv_afwijkingen":                                           "one thing: something on the cv differs from other sources; the list gives examples",
	"woonplaats_verhuizen":                                     "settling and registering are one act",
	"onverenigbaarheid_functies_wethouder":                     "one thing: holding a function the law bars; the list gives examples",
	"onverenigbaarheid_functies_wethouder_beeindigen":          "\"deze functie of functies\": the functions named before, one decision",
	"onverenigbaarheid_functies_gedeputeerde":                  "one thing: holding a function the law bars; the list gives examples",
	"onverenigbaarheid_functies_gedeputeerde_beeindigen":       "\"deze functie of functies\": the functions named before, one decision",
	"onverenigbaarheid_functies_dagelijks_bestuur":             "one thing: holding a function the law bars; the list gives examples",
	"onverenigbaarheid_functies_dagelijks_bestuur_beeindigen":  "\"deze functie of functies\": the functions named before, one decision",
	"onverenigbaarheid_functies_eilandgedeputeerde":            "one thing: holding a function the law bars; the list gives examples",
	"onverenigbaarheid_functies_eilandgedeputeerde_beeindigen": "\"deze functie of functies\": the functions named before, one decision",
	"onverenigbaarheid_bestuurder_elders":                      "one thing: holding an executive office elsewhere; the list names the offices and bodies, a candidacy is onverenigbaarheid_kandidaat_elders",
	"onverenigbaarheid_kandidaat_elders":                       "one thing: standing for such an office elsewhere; the list names the bodies",
	"onverenigbaarheid_bestuurder_elders_onverenigbaar":        "one thing: the function is one the law bars; the list names them",
	"nevenfuncties_heeft":                                      "one thing: side functions now or in the last five years; the entries say which",
	"nevenfuncties_lijst.betaald":                              "\"is of was\": the same function's pay over time",
	"nevenfuncties_lijst.relatie_bestuursorgaan":               "one thing: the organisation touches the organisation of the office; the list gives examples",
	"financiele_belangen_onderneming":                          "one thing: a stake or a seat in a business; the toelichting names it",
	"financiele_belangen_heeft":                                "one thing: financial interests in businesses; the list gives kinds",
	"financiele_belangen_lijst.levert_bestuursorgaan":          "one thing: the business deals with the organisation; supplying is a kind of agreement",
	"financiele_belangen_raakvlak":                             "one thing: other interests tied to the organisation's area or its business partners",
	"financiele_situatie_aflossen":                             "one thing: payment trouble now; arrears are debts not repaid as agreed",
	"financiele_situatie_verleden":                             "one thing: serious financial trouble in ten years; the list gives the forms",
	"financiele_situatie_leningen_relaties":                    "one thing: loans either way with people tied to the organisation",
	"vastgoed_heeft":                                           "one thing: owning real estate, in any form of ownership",
	"vastgoed_lijst.plannen":                                   "one thing: plans or procedures that may touch the property; the list gives kinds",
	"vastgoed_lijst.relatie_bestuursorgaan":                    "one thing: a property deal with the organisation, either way",
	"zakelijke_relaties_overeenkomsten":                        "one thing: agreements with the organisation; the list gives kinds",
	"zakelijke_relaties_eigendommen":                           "one thing: a private property deal with the organisation, made or under way",
	"zakelijke_relaties_vertegenwoordiging":                    "one thing: acting for others towards the organisation; the list gives roles",
	"zakelijke_relaties_voornemen":                             "one thing: a new or renewed agreement with the organisation; the list gives kinds",
	"zakelijke_relaties_beschikkingen":                         "one thing: a decision of the organisation in your favour, given or asked; disputes are zakelijke_relaties_geschillen",
	"zakelijke_relaties_geschillen":                            "one thing: a dispute with the organisation; the list gives kinds",
	"werkgever_relatie":                                        "one thing: an employer of now or the last five years with ties to the organisation",
	"werkgever_lijst.overeenkomsten":                           "one thing: agreements with the organisation; the list gives kinds",
	"werkgever_terugkeer":                                      "one thing: work after the term, with whichever employer; clauses are werkgever_beding",
	"werkgever_beding":                                         "one thing: a clause from a job that binds you; the list names the kinds",
	"familie_partner":                                          "one thing: having a partner, in any of its legal forms",
	"familie_werkzaam":                                         "one thing: a family tie to the organisation; each entry says which tie",
	"familie_politiek":                                         "one thing: family in politics; \"partner of naaste familieleden\" names whose",
	"familie_belangen":                                         "one thing: family interests that decisions can touch",
	"familie_nevenfuncties":                                    "one thing: family functions at organisations tied to the organisation; politics is familie_politiek",
	"persoonlijk_omstandigheden":                               "one thing: circumstances that weigh on the office; the list gives examples",
	"persoonlijk_kwetsbaarheid":                                "one thing: being open to pressure, from wherever it comes",
	"lidmaatschappen_verenigingen":                             "one thing: memberships tied to the organisation or its area; a public role is lidmaatschappen_rol",
	"lidmaatschappen_rol":                                      "one thing: a visible local role; the list gives examples",
	"lidmaatschappen_acties":                                   "one thing: taking part against decisions of the organisation; the list gives forms",
	"online_actief":                                            "one thing: an online presence; the list gives forms",
	"online_uitingen":                                          "one thing: own expressions that may raise questions; the press is online_nieuws",
	"online_nieuws":                                            "one thing: negative coverage, in the news or on social media",
	"integriteit_onderzoek":                                    "one thing: having been the subject of an integrity procedure; the list gives forms",
	"integriteit_maatregel":                                    "one thing: a sanction for conduct; the list gives its forms",
	"integriteit_eerdere_scan":                                 "one thing: an earlier integrity scan",
	"vertrouwelijkheid_incident":                               "one thing: having leaked or carelessly shared; being accused is vertrouwelijkheid_verwijt",
	"vertrouwelijkheid_verwijt":                                "one thing: having been accused of leaking or careless sharing",
	"bevestiging_aanvulling":                                   "one thing: anything left to report",
}

// One yes/no question asks one thing: every boolean of 2026-2 with " en "
// or " of " in its text is in the reviewed list, and the list holds no
// question that is gone or no longer compound.
func TestV2BooleansAskOneThing(t *testing.T) {
	tpl := v2(t)
	seen := map[string]bool{}
	check := func(path string, q domain.Question) {
		if q.Type != domain.QuestionBoolean || !(strings.Contains(q.Text, " en ") || strings.Contains(q.Text, " of ")) {
			return
		}
		seen[path] = true
		if _, ok := compoundBooleans[path]; !ok {
			t.Errorf("yes/no question %s may ask two things; split it, or review it and add it to compoundBooleans: %q", path, q.Text)
		}
	}
	for _, s := range tpl.Sections {
		for _, q := range s.Questions {
			check(q.ID, q)
			for _, f := range q.Fields {
				check(q.ID+"."+f.ID, f)
			}
		}
	}
	for path := range compoundBooleans {
		if !seen[path] {
			t.Errorf("compoundBooleans lists %s, which is no longer a compound yes/no question: drop it", path)
		}
	}
}

// The questions split off to ask one thing each keep their signals: a "ja"
// to the new question raises its own signal, the old one stays quiet.
func TestV2SplitQuestionsRaiseTheirSignals(t *testing.T) {
	tests := []struct {
		office              domain.Office
		question, rule, old string
	}{
		{domain.OfficeWethouder, "werkgever_beding", "geheimhouding_of_beding", "terugkeerafspraak_of_beding"},
		{domain.OfficeWethouder, "online_nieuws", "negatief_in_het_nieuws", "online_uitingen"},
		{domain.OfficeWethouder, "zakelijke_relaties_geschillen", "geschil_met_bestuursorgaan", "beschikking_of_procedure"},
		{domain.OfficeWethouder, "vertrouwelijkheid_verwijt", "vertrouwelijke_informatie_verwijt", "vertrouwelijke_informatie_incident"},
		{domain.OfficeEilandgedeputeerde, "onverenigbaarheid_kandidaat_elders", "kandidatuur_elders", "bestuursfunctie_elders"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			tpl := v2(t).For(tt.office)
			a := loadV2Example(t)
			for _, id := range []string{"werkgever_terugkeer", "online_uitingen", "zakelijke_relaties_beschikkingen", "vertrouwelijkheid_incident",
				"onverenigbaarheid_bestuurder_elders"} {
				a[id] = false
			}
			a[tt.question] = true
			fired := map[string]bool{}
			for _, s := range tpl.Triggered(a) {
				fired[s.Rule.ID] = true
			}
			if !fired[tt.rule] || fired[tt.old] {
				t.Errorf("ja to %s fires %v; want %s and not %s", tt.question, fired, tt.rule, tt.old)
			}
		})
	}
}
