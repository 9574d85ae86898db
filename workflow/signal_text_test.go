package workflow

import (
	"testing"

	"basisscan/domain"
)

func TestSignalTextsKept(t *testing.T) {
	t.Parallel()
	tpl := &domain.Template{Signals: []domain.SignalRule{
		{ID: "nevenfunctie", Title: "Nevenfunctie", Description: "Bespreek de nevenfunctie met de kandidaat."},
		{ID: "schuld", Title: "Schuld", Description: "Beoordeel of de schuld een risico is."},
	}}
	for _, tc := range []struct {
		name    string
		finding domain.Finding
		refused bool
	}{
		{"template text as it is", domain.Finding{Signal: "nevenfunctie", Description: "Bespreek de nevenfunctie met de kandidaat."}, true},
		{"only white space changed", domain.Finding{Signal: "nevenfunctie", Description: "  Bespreek de nevenfunctie\nmet de kandidaat. "}, true},
		{"group entry of the rule", domain.Finding{Signal: "schuld.e1", Description: "Beoordeel of de schuld een risico is."}, true},
		{"rewritten", domain.Finding{Signal: "nevenfunctie", Description: "De kandidaat is voorzitter van de voetbalvereniging."}, false},
		{"another signal's text", domain.Finding{Signal: "nevenfunctie", Description: "Beoordeel of de schuld een risico is."}, false},
		{"not from a signal", domain.Finding{Description: "Bespreek de nevenfunctie met de kandidaat."}, false},
		{"unknown signal", domain.Finding{Signal: "weg", Description: "Bespreek de nevenfunctie met de kandidaat."}, false},
		{"a rule whose id is a prefix", domain.Finding{Signal: "schuldenaar", Description: "Beoordeel of de schuld een risico is."}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := signalTextsKept(tpl, &domain.Advice{Findings: []domain.Finding{{Description: "eigen"}, tc.finding}})
			if got := len(errs) == 1 && errs[0].Field == "findings[1].description" && errs[0].Message != ""; got != tc.refused {
				t.Errorf("refused = %v (%+v), want %v", got, errs, tc.refused)
			}
			if !tc.refused && len(errs) != 0 {
				t.Errorf("errors %+v, want none", errs)
			}
		})
	}
}
