package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

// The signal about vulnerability to pressure or blackmail becomes a
// finding only in the adviser's words: accepting it as suggested, or with
// the template's title or description, is refused with 422.
func TestPressureSignalOnlyInAdvisersWords(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.v2Scan(t, "drukstad", map[string]any{
			"persoonlijk_kwetsbaarheid":             true,
			"persoonlijk_kwetsbaarheid_toelichting": "Dat bespreek ik liever in het gesprek.",
		})
		const key = "chantabiliteit"
		l := decode[listBody[map[string]any]](t, e.do(t, "GET", s.p("/signals"), s.Adviser.Token, nil).want(t, http.StatusOK))
		var sig map[string]any
		for _, it := range l.Items {
			if it["key"] == key {
				sig = it
			}
		}
		if sig == nil || sig["adviser_words_only"] != true {
			t.Fatalf("signal %s is not marked for the adviser's words: %v", key, sig)
		}
		title, desc := sig["title"].(string), sig["description"].(string)
		accept := func(body map[string]string) reply {
			return e.do(t, "POST", s.p("/signals/"+key+"/accept"), s.Adviser.Token, body)
		}
		for name, body := range map[string]map[string]string{
			"as suggested":            nil,
			"template title":          {"title": title, "description": "De kandidaat heeft schulden bij een bekende."},
			"template description":    {"title": "Afhankelijkheid van een schuldeiser", "description": desc},
			"description in capitals": {"title": "Afhankelijkheid van een schuldeiser", "description": "  " + strings.ToUpper(desc)},
			"only a measure":          {"measure": "Meldt druk direct aan de burgemeester."},
		} {
			p := problemOf(t, accept(body), http.StatusUnprocessableEntity)
			if p.message("title") == "" && p.message("description") == "" {
				t.Errorf("%s: refused without naming title or description: %+v", name, p)
			}
		}
		if a := e.advice(t, s, s.Adviser.Token); len(a.Findings) != 0 {
			t.Fatalf("a refused accept left findings: %+v", a.Findings)
		}
		own := map[string]string{"title": "Afhankelijkheid van een schuldeiser",
			"description": "De kandidaat heeft een persoonlijke lening bij een ondernemer uit de gemeente; besproken in het gesprek."}
		accept(own).want(t, http.StatusOK)
		a := e.advice(t, s, s.Adviser.Token)
		if len(a.Findings) != 1 || a.Findings[0].Title != own["title"] || a.Findings[0].Description != own["description"] {
			t.Fatalf("findings = %+v", a.Findings)
		}
		// Nor does the template's text come in by writing the advice.
		p := problemOf(t, e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{"conclusion": "aandachtspunten", "summary": "S",
			"findings": []map[string]string{{"domain": "persoonlijk", "class": "aandachtspunt", "title": title,
				"description": desc, "signal": key}}}), http.StatusUnprocessableEntity)
		if p.message("findings[0].title") == "" || p.message("findings[0].description") == "" {
			t.Errorf("writing the template's text into the advice: %+v", p)
		}
		// Other signals are still accepted as suggested.
		for k := range e.signals(t, s) {
			if strings.HasPrefix(k, "nevenfunctie_raakvlak_wethouder.") {
				e.do(t, "POST", s.p("/signals/"+k+"/accept"), s.Adviser.Token, nil).want(t, http.StatusOK)
			}
		}
	})
}
