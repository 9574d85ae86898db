package pdf

import (
	"strings"
	"testing"

	"basisscan/configs"
	"basisscan/domain"
)

// TestAdviceNeverCitesAnUnnamedProvision: an advice holding every signal of
// every shipped template, for every office, as the service takes it in,
// never says "de overeenkomstige bepaling"; an unverified citation says so.
func TestAdviceNeverCitesAnUnnamedProvision(t *testing.T) {
	t.Parallel()
	ts, err := configs.Templates()
	if err != nil {
		t.Fatal(err)
	}
	r := setup(t)
	for version, tpl := range ts {
		for _, o := range domain.Offices {
			view := tpl.For(o)
			if len(view.Signals) == 0 {
				continue
			}
			s := shortScan()
			s.Office, s.TemplateVersion = o, version
			s.Advice.Findings = nil
			unverified := false
			for _, sr := range view.Signals {
				s.Advice.Findings = append(s.Advice.Findings, domain.Finding{Domain: sr.Domain, Class: sr.Class, Title: sr.Title,
					Description: sr.Description, Measure: sr.Measure, LegalBasis: sr.LegalBasis, Signal: sr.ID})
				unverified = unverified || strings.Contains(sr.LegalBasis, "niet geverifieerd")
			}
			text := strings.ToLower(flat(extractText(t, render(t, r, s))))
			if strings.Contains(text, "overeenkomstige bepaling") {
				t.Errorf("%s as %s: the advice says \"de overeenkomstige bepaling\"", version, o)
			}
			if unverified && !strings.Contains(text, "niet geverifieerd") {
				t.Errorf("%s as %s: an unverified citation does not say so in the advice", version, o)
			}
		}
	}
}
