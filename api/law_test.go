package api_test

import (
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// The corrected rules decide whether the advice may go to the candidate
// without "ontraden": a raadslid who stays until the successor is admitted,
// and a shed leased to the gemeente since 2019, are no belemmering; any
// other incompatible function kept is one, and must be settled.
func TestLawDecidesTheAdvice(t *testing.T) {
	shed := []any{map[string]any{"soort": "bedrijfspand", "ligging": "Zuidhaven", "binnen_gebied": true, "plannen": false,
		"relatie_bestuursorgaan": true, "relatie_toelichting": "Ik verhuur sinds 2019 een schuur aan de gemeente."}}
	raad := func(only bool) map[string]any {
		return map[string]any{
			"onverenigbaarheid_functies_wethouder":             true,
			"onverenigbaarheid_functies_wethouder_toelichting": "Raadslid in Zuidhaven sinds 2022.",
			"onverenigbaarheid_functies_wethouder_beeindigen":  false,
			"onverenigbaarheid_functies_wethouder_alleen_raad": only,
		}
	}
	tests := []struct {
		name        string
		org         string
		patch       map[string]any
		obstruction string // the belemmering that must be settled; "" for none
	}{
		{"raadslid until the successor", "raadstad", raad(true), ""},
		{"another function kept", "functiestad", raad(false), "onverenigbare_functie_wethouder"},
		{"a lease from before", "schuurstad", map[string]any{"vastgoed_heeft": true, "vastgoed_lijst": shed,
			"zakelijke_relaties_overeenkomsten": true, "zakelijke_relaties_overeenkomsten_toelichting": "Verhuur van een schuur sinds 2019."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, d storetest.Dialect) {
				e := setup(t, d)
				s := e.v2Scan(t, tt.org, tt.patch)
				for k, sig := range e.signals(t, s) {
					if sig.Class == domain.ClassObstruction && sig.Title != "" && k != tt.obstruction {
						t.Errorf("belemmering %s: %+v", k, sig)
					}
				}
				e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, map[string]any{"conclusion": "aandachtspunten",
					"summary": "Geen belemmeringen.", "findings": []any{}}).want(t, http.StatusOK)
				r := e.do(t, "POST", s.p("/advice/submit"), s.Adviser.Token, nil)
				if tt.obstruction == "" {
					r.want(t, http.StatusOK)
					return
				}
				if p := problemOf(t, r, http.StatusUnprocessableEntity); p.message("signals."+tt.obstruction) == "" {
					t.Errorf("the belemmering is not named: %+v", p)
				}
			})
		})
	}
}
