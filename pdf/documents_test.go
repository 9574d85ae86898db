package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"basisscan/domain"
)

// textHas fails the test for each of wants that text does not hold.
func textHas(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

// textLacks fails the test for each of absent that text holds.
func textLacks(t *testing.T, text string, absent ...string) {
	t.Helper()
	for _, a := range absent {
		if strings.Contains(text, a) {
			t.Errorf("text shows %q", a)
		}
	}
}

// checkGolden compares text with testdata/name, rewriting it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	// pdftotext pads columns with spaces; trailing ones carry no meaning.
	var b strings.Builder
	for line := range strings.SplitSeq(got, "\n") {
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteString("\n")
	}
	got = b.String()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (refresh with -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("extracted text differs from %s (refresh with -update if intended):\n%s", path, got)
	}
}

func TestRenderRealisticAdviceGolden(t *testing.T) {
	t.Parallel()
	s := realisticScan()
	text := extractText(t, render(t, setup(t), s))
	checkGolden(t, "realistic_advice.golden", text)
	checkEveryPage(t, text, s)
	flatText := flat(text)
	textHas(t, flatText,
		"Gemeente Zuidwolde",
		"Aan Henk van der Meer, burgemeester",
		"Portefeuille Ruimtelijke ordening, wonen en grondzaken",
		"Conclusie Benoembaar mits de beheersmaatregelen worden uitgevoerd",
		"tot en met 24 februari 2026.",
		vogConditionText,
		"Nieuwsberichten geraadpleegd op 24 februari 2026",
		"Aanwezig Anouk de Vries-Çelik (kandidaat); Mr. drs. René Janssen (integriteitsadviseur); Sanne Koster (tweede adviseur)",
		"Besproken nevenfuncties; financiële belangen; gebruik van sociale media",
		realisticFacts1,
		"Uitvoering: de kandidaat, vóór benoeming",
		"Uitvoering: de griffie, uiterlijk 1 juni 2026",
		"Uitvoering: de gemeentesecretaris, binnen drie maanden na benoeming",
		"Grondslag: Gemeentewet art. 41b",
		"De kandidaat kan zich niet vinden in het advies.",
		realisticResponse,
		"Weging door de adviseur De adviseur heeft het advies naar aanleiding van de reactie niet aangepast. "+realisticWeighing,
		"Functie Integriteitsadviseur Organisatie Bureau Integriteit Oost",
		"Uitsluitend bestemd voor Henk van der Meer, burgemeester.",
		shortSHA,
	)
	textLacks(t, flatText, "NIETS GEVONDEN NOTITIE", "GEHEIME GESPREKSNOTITIE", "JUS-123")
}

func TestRenderRealisticRaadGolden(t *testing.T) {
	t.Parallel()
	s := realisticScan()
	text := extractText(t, renderKind(t, setup(t), s, domain.DocumentRaad))
	checkGolden(t, "realistic_raad.golden", text)
	checkEveryPageFor(t, text, s, "de fractievoorzitters en de raad")
	flatText := flat(text)
	textHas(t, flatText,
		"Gemeente Zuidwolde",
		"Advies risicoanalyse integriteit — samenvatting voor de raad",
		"Conclusie Benoembaar mits de beheersmaatregelen worden uitgevoerd",
		s.Advice.Summary,
		vogConditionText,
		"Het aandeel overdragen of onderbrengen in een beheerstichting. Uitvoering: de kandidaat, vóór benoeming",
		"Uitvoering: de griffie, uiterlijk 1 juni 2026",
		"Bestemd voor de fractievoorzitters en de raad, door tussenkomst van Henk van der Meer, burgemeester.",
		RaadChecksum(s),
		"volledige advies met controlewaarde "+shortSHA,
	)
}

// TestRaadShowsNoFactsOrResponse: the summary for the raad holds the
// conclusion, recommendations and measures, never a finding's title or
// facts, the candidate's response or the adviser's weighing of it.
func TestRaadShowsNoFactsOrResponse(t *testing.T) {
	t.Parallel()
	s := realisticScan()
	text := flat(extractText(t, renderKind(t, setup(t), s, domain.DocumentRaad)))
	absent := []string{realisticResponse, realisticWeighing, "Reactie van de kandidaat", "kan zich niet vinden", "Weging door de adviseur", "Bevindingen"}
	for _, f := range s.Advice.Findings {
		absent = append(absent, f.Title, f.Description)
	}
	for _, a := range absent {
		if strings.Contains(text, a) {
			t.Errorf("the raad's summary shows %q", a)
		}
	}
}

// TestRaadTitlePerBody: the summary names the body that appoints to the office.
func TestRaadTitlePerBody(t *testing.T) {
	t.Parallel()
	r := setup(t)
	for office, body := range map[domain.Office]string{
		domain.OfficeWethouder:           "de raad",
		domain.OfficeGedeputeerde:        "Provinciale Staten",
		domain.OfficeLidDagelijksBestuur: "het algemeen bestuur",
		domain.OfficeEilandgedeputeerde:  "de eilandsraad",
	} {
		t.Run(string(office), func(t *testing.T) {
			s := realisticScan()
			s.Office = office
			text := flat(extractText(t, renderKind(t, r, s, domain.DocumentRaad)))
			if want := "samenvatting voor " + body; !strings.Contains(text, want) {
				t.Errorf("text lacks %q", want)
			}
		})
	}
}

func TestRaadChecksumCoversContent(t *testing.T) {
	t.Parallel()
	base := RaadChecksum(realisticScan())
	for name, change := range map[string]func(s *domain.Scan){
		"summary":  func(s *domain.Scan) { s.Advice.Summary += "." },
		"measure":  func(s *domain.Scan) { s.Advice.Findings[0].Measure += "." },
		"owner":    func(s *domain.Scan) { s.Advice.Findings[0].MeasureOwner = domain.OwnerBoard },
		"deadline": func(s *domain.Scan) { s.Advice.Findings[1].MeasureDeadline.On = domain.NewDate(2026, 7, 1) },
		"advice":   func(s *domain.Scan) { s.Advice.SHA256 = strings.Repeat("0", 64) },
		"VOG":      func(s *domain.Scan) { s.Advice.VOGAtSignOff = &domain.VOG{Status: domain.VOGRefused} },
	} {
		s := realisticScan()
		change(s)
		if RaadChecksum(s) == base {
			t.Errorf("changing the %s leaves the raad's checksum as it was", name)
		}
	}
	if RaadChecksum(realisticScan()) != base {
		t.Error("the raad's checksum of the same scan differs")
	}
}

func TestRenderUnknownKind(t *testing.T) {
	t.Parallel()
	if b, err := setup(t).Render(realisticScan(), "brochure"); err == nil || b != nil {
		t.Errorf("Render of an unknown kind: %d bytes, err %v; want an error", len(b), err)
	}
}

// headingLine matches the lines that head something: section and domain
// headings, a finding's title line ("3. Titel   Beheersmaatregel") and the
// labels that introduce a block.
var headingLine = regexp.MustCompile(`^(\d+\. .*|Werkwijze|Bevindingen|Persoonlijk|Relationeel|Financieel|Functioneel|` +
	`Openbare bronnen|Gesprek met de kandidaat|Verklaring omtrent het gedrag \(VOG\)|Samenvatting en aanbevelingen|` +
	`Reactie van de kandidaat|Weging door de adviseur|Toelichting van de kandidaat:|Feiten:|Ondertekening|Verspreiding en bewaren|` +
	`Maatregelen|Over deze samenvatting|SHA-256)$`)

// lastLine is the last line of a page's body, before the page number.
func lastLine(page string) string {
	lines := strings.Split(strings.TrimRight(page, "\n "), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "Pagina ") {
			continue
		}
		return l
	}
	return ""
}

// manyFindingsScan has findings enough to cross several pages, of every
// length: short ones kept whole, and ones whose facts are too long for that.
func manyFindingsScan() *domain.Scan {
	s := realisticScan()
	s.Advice.Findings = nil
	for i := range 24 {
		words := strings.Repeat(fmt.Sprintf("Feit %d van deze bevinding, vastgesteld in het onderzoek. ", i+1), 2+(i*7)%60)
		s.Advice.Findings = append(s.Advice.Findings, domain.Finding{
			Domain:      domain.RiskDomains[i%len(domain.RiskDomains)],
			Title:       fmt.Sprintf("Bevinding %d titel", i+1),
			Description: words,
			Class:       domain.ClassMeasure,
			Measure:     fmt.Sprintf("Maatregel %d uitvoeren.", i+1), MeasureOwner: domain.OwnerCandidate,
			MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineBeforeAppointment},
			LegalBasis:      fmt.Sprintf("Grondslag %d artikel", i+1),
		})
	}
	return s
}

// TestPagesKeepHeadingsAndFindingsTogether: no page ends in a heading, and
// each finding's title, measure and legal basis are on one page, in both
// documents, for an advice long enough to cross several pages.
func TestPagesKeepHeadingsAndFindingsTogether(t *testing.T) {
	t.Parallel()
	r := setup(t)
	s := manyFindingsScan()
	for _, kind := range domain.DocumentKinds {
		t.Run(string(kind), func(t *testing.T) {
			ps := pages(extractText(t, renderKind(t, r, s, kind)))
			if kind == domain.DocumentAdvice && len(ps) < 4 {
				t.Fatalf("%d pages; the fixture must cross several", len(ps))
			}
			for i, p := range ps {
				if l := lastLine(p); headingLine.MatchString(l) {
					t.Errorf("page %d of %d ends in the heading %q", i+1, len(ps), l)
				}
			}
			if kind != domain.DocumentAdvice {
				return
			}
			for n := 1; n <= len(s.Advice.Findings); n++ {
				parts := []string{fmt.Sprintf(". Bevinding %d titel", n), fmt.Sprintf("Maatregel: Maatregel %d uitvoeren.", n), fmt.Sprintf("Grondslag: Grondslag %d artikel", n)}
				var on []int
				for _, part := range parts {
					for i, p := range ps {
						if strings.Contains(flat(p), part) {
							on = append(on, i+1)
						}
					}
				}
				if len(on) != 3 || on[0] != on[1] || on[1] != on[2] {
					t.Errorf("finding %d: title, measure and basis found on pages %v, want one page each, the same", n, on)
				}
			}
		})
	}
}
