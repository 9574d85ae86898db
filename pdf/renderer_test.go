package pdf

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// allocBudget is the most allocations a three-page advice may take. The
// core font needs about 530k; this package measured about 17k.
const allocBudget = 50_000

func setup(t testing.TB) *Renderer {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func render(t testing.TB, r *Renderer, s *domain.Scan) []byte {
	t.Helper()
	return renderKind(t, r, s, domain.DocumentAdvice)
}

func renderKind(t testing.TB, r *Renderer, s *domain.Scan, kind domain.DocumentKind) []byte {
	t.Helper()
	b, err := r.Render(s, kind)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b
}

// extractText returns the text of a PDF as `pdftotext -layout` reads it, so
// the tests check what a reader of the file sees, not what we meant to draw.
func extractText(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is not on PATH; install poppler-utils to run the PDF tests")
	}
	path := filepath.Join(t.TempDir(), "advice.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pages splits extracted text at the form feed pdftotext ends each page with.
func pages(text string) []string {
	p := strings.Split(text, "\f")
	if len(p) > 0 && strings.TrimSpace(p[len(p)-1]) == "" {
		p = p[:len(p)-1]
	}
	return p
}

// flat collapses white space, so text wrapped over lines or set in columns
// can be matched as one sentence.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkEveryPage asserts the classification banner, the reference and the
// page numbering on each page, and returns the page count.
func checkEveryPage(t testing.TB, text string, s *domain.Scan) int {
	t.Helper()
	return checkEveryPageFor(t, text, s, s.Recipient.Name)
}

// checkEveryPageFor is checkEveryPage for a document meant for audience.
func checkEveryPageFor(t testing.TB, text string, s *domain.Scan, audience string) int {
	t.Helper()
	ps := pages(text)
	if len(ps) == 0 {
		t.Fatal("no pages in extracted text")
	}
	for i, p := range ps {
		p = flat(p)
		for _, want := range []string{
			"VERTROUWELIJK",
			"uitsluitend bestemd voor " + audience,
			"Kenmerk " + s.Reference,
			fmt.Sprintf("Pagina %d van %d", i+1, len(ps)),
		} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d of %d lacks %q", i+1, len(ps), want)
			}
		}
	}
	return len(ps)
}

func TestRenderShortAdvice(t *testing.T) {
	t.Parallel()
	s := shortScan()
	text := extractText(t, render(t, setup(t), s))
	flatText := flat(text)
	checkEveryPage(t, text, s)

	t.Run("sections in order", func(t *testing.T) {
		last := -1
		for _, h := range []string{
			"Gemeente Zuidwolde",
			"Advies risicoanalyse integriteit",
			"Conclusie",
			"Samenvatting en aanbevelingen",
			"Werkwijze",
			"Openbare bronnen", "Gesprek met de kandidaat", "Verklaring omtrent het gedrag (VOG)",
			"Bevindingen",
			"Persoonlijk", "Relationeel", "Financieel", "Functioneel",
			"Reactie van de kandidaat",
			"Ondertekening",
			"Verspreiding en bewaren",
		} {
			i := strings.Index(flatText[last+1:], h)
			if i < 0 {
				t.Errorf("heading %q missing or out of order", h)
				continue
			}
			last += 1 + i
		}
	})

	t.Run("content", func(t *testing.T) {
		for _, want := range []string{
			"Kandidaat Anouk de Vries-Çelik",
			"Functie Wethouder",
			"Organisatie Gemeente Zuidwolde",
			"Beoogde benoemingsdatum 1 april 2026",
			"Aan Pieter Bakker, formateur",
			"Portefeuille niet opgegeven",
			"Datum advies 12 maart 2026",
			"Conclusie Benoembaar mits de beheersmaatregelen worden uitgevoerd",
			"gebaseerd op informatie van de kandidaat en openbare bronnen tot en met 20 februari 2026.",
			"Toestemming kandidaat gegeven op 2 februari 2026",
			"Vragenlijst versie 2026-1, ingediend op 9 februari 2026",
			"Datum gevoerd op 20 februari 2026",
			`Status afgegeven op 25 februari 2026, screeningsprofiel 01 "politieke ambtsdrager"; geldig voor een benoeming tot en met 25 mei 2026`,
			"KvK-handelsregister geraadpleegd op 12 februari 2026",
			"Kadaster niet geraadpleegd",
			"Insolventieregister geraadpleegd op 12 februari 2026",
			"Sociale media geraadpleegd op 13 februari 2026",
			"Benoembaar mits de beheersmaatregelen worden uitgevoerd",
			"Relationeel " + noFindingsLabel,
			"3. Nevenfunctie bij woningcorporatie",
			"Beheersmaatregel",
			"Aandachtspunt",
			"Maatregel: Verschonen bij besluiten over horecavergunningen.",
			"Grondslag: Gemeentewet art. 41b",
			"De kandidaat kan zich vinden in het advies.",
			"Naam Mr. drs. René Janssen Functie Integriteitsadviseur Organisatie Gemeente Zuidwolde",
			"Uitsluitend bestemd voor Pieter Bakker, formateur.",
			"Ondertekend op 12 maart 2026 om 14.05 uur",
			shortSHA,
		} {
			if !strings.Contains(flatText, want) {
				t.Errorf("text lacks %q", want)
			}
		}
	})

	t.Run("Dutch characters read back", func(t *testing.T) {
		for _, want := range []string{"café ’t Hoekje", "€ 12.500", "financiële", "coöperatie", "naïef", "geïnventariseerd", "vóór"} {
			if !strings.Contains(flatText, want) {
				t.Errorf("text lacks %q", want)
			}
		}
		for _, para := range splitParagraphs(shortResponseComment, wordFull) {
			if !strings.Contains(flatText, para) {
				t.Errorf("response paragraph not verbatim: %q", para)
			}
		}
	})

	t.Run("no content the recipient may not see", func(t *testing.T) {
		for _, secret := range []string{"GEHEIME GESPREKSNOTITIE", "JUS-123", "anouk@example.org"} {
			if strings.Contains(flatText, secret) {
				t.Errorf("text shows %q", secret)
			}
		}
	})
}

func TestRenderWithoutResponse(t *testing.T) {
	t.Parallel()
	r := setup(t)
	for _, tc := range []struct {
		name     string
		response *domain.Response
	}{
		{"no response recorded", nil},
		{"review closed without response", &domain.Response{Given: false, Comment: "concept dat niet is verstuurd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := shortScan()
			s.Response = tc.response
			text := flat(extractText(t, render(t, r, s)))
			textHas(t, text, noResponse)
			textLacks(t, text, "kan zich vinden", "kan zich niet vinden", "concept dat niet is verstuurd")
		})
	}
}

func TestRenderMissingFacts(t *testing.T) {
	t.Parallel()
	s := shortScan()
	s.Consent, s.SubmittedAt, s.Interview, s.VOG, s.Research = nil, nil, nil, nil, nil
	s.Advice.Findings = nil
	text := flat(extractText(t, render(t, setup(t), s)))
	for _, want := range []string{
		"Toestemming kandidaat niet vastgelegd",
		"Vragenlijst versie 2026-1, indiening niet vastgelegd",
		"Datum niet vastgelegd",
		"Status niet vastgelegd",
		"KvK-handelsregister niet geraadpleegd",
		"Insolventieregister niet geraadpleegd",
		vogConditionText,
		"Persoonlijk " + noFindingsLabel + " Relationeel " + noFindingsLabel + " Financieel " + noFindingsLabel + " Functioneel " + noFindingsLabel,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

// TestRenderVOGStatus: the VOG as it stood at sign-off, and the open
// condition whenever it does not allow the appointment on the planned day;
// a refused VOG is a belemmering, not a condition.
func TestRenderVOGStatus(t *testing.T) {
	t.Parallel()
	r := setup(t)
	issued := func(on domain.Date) *domain.VOG {
		return &domain.VOG{Status: domain.VOGIssued, IssuedOn: on, Profile: domain.VOGProfilePolitiek}
	}
	for _, tc := range []struct {
		name      string
		vog       *domain.VOG
		atSignOff *domain.VOG // Advice.VOGAtSignOff, which wins over Scan.VOG
		want      string
		condition bool
	}{
		{"requested", &domain.VOG{Status: domain.VOGRequested}, nil, "Status aangevraagd, nog niet afgegeven", true},
		{"refused", &domain.VOG{Status: domain.VOGRefused}, nil, "Status geweigerd", false},
		{"none", nil, nil, "Status niet vastgelegd", true},
		{"valid", issued(domain.NewDate(2026, time.February, 25)), nil, "geldig voor een benoeming tot en met 25 mei 2026", false},
		{"too old for the planned day", issued(domain.NewDate(2025, time.December, 1)), nil, "tot en met 1 maart 2026, te oud voor de beoogde benoemingsdatum", true},
		{"month end", issued(domain.NewDate(2026, time.February, 28)), nil, "tot en met 31 mei 2026", false},
		{"recorded after sign-off", issued(domain.NewDate(2026, time.March, 20)), &domain.VOG{Status: domain.VOGRequested}, "Status aangevraagd, nog niet afgegeven", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := shortScan()
			s.VOG, s.Advice.VOGAtSignOff = tc.vog, tc.atSignOff
			text := flat(extractText(t, render(t, r, s)))
			if !strings.Contains(text, tc.want) {
				t.Errorf("text lacks %q", tc.want)
			}
			if got := strings.Contains(text, vogConditionText); got != tc.condition {
				t.Errorf("open VOG condition printed: %v, want %v", got, tc.condition)
			}
		})
	}
}

func TestRenderLongAdvice(t *testing.T) {
	t.Parallel()
	s := longScan()
	if n := len(s.Response.Comment); n < 3000 {
		t.Fatalf("fixture comment is %d bytes, want 3000+", n)
	}
	text := extractText(t, render(t, setup(t), s))
	n := checkEveryPage(t, text, s)
	t.Logf("long advice: %d pages", n)
	if n < 4 {
		t.Errorf("long advice has %d pages, want several (4+)", n)
	}
	flatText := flat(text)
	for _, f := range s.Advice.Findings {
		if !strings.Contains(flatText, f.Title) {
			t.Errorf("finding title %q missing", f.Title)
		}
	}
	for _, want := range []string{"De kandidaat kan zich niet vinden in het advies.", "Zin 30 van mijn lange reactie", longLastSentence, "Ondertekening", shortSHA} {
		if !strings.Contains(flatText, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestRenderLongWords(t *testing.T) {
	t.Parallel()
	// pdftotext drops text that runs off the page, so an unbroken URL that
	// maroto cannot wrap would be missing here.
	url := "https://www.example.org/" + strings.Repeat("abcdefghij", 15) + "/einde"
	s := shortScan()
	s.Advice.Summary = "Zie " + url
	s.Response.Comment = "Zie " + url
	text := strings.Join(strings.Fields(extractText(t, render(t, setup(t), s))), "")
	if n := strings.Count(text, url); n != 2 {
		t.Errorf("long URL appears %d times in full, want 2 (summary and comment)", n)
	}
}

func TestRenderDeterministic(t *testing.T) {
	t.Parallel()
	a := render(t, setup(t), longScan())
	b := render(t, setup(t), longScan())
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same scan differ")
	}
	if !bytes.Contains(a, []byte("/CreationDate (D:20260312130500)")) || !bytes.Contains(a, []byte("/ModDate (D:20260312130500)")) {
		t.Error("creation and modification dates are not the sign-off time")
	}
}

func TestRenderConcurrent(t *testing.T) {
	t.Parallel()
	r := setup(t)
	want := render(t, r, shortScan())
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Go(func() { got[i], _ = r.Render(shortScan(), domain.DocumentAdvice) })
	}
	wg.Wait()
	for i, b := range got {
		if !bytes.Equal(b, want) {
			t.Errorf("concurrent render %d differs from a sequential one", i)
		}
	}
}

func TestRenderUnsigned(t *testing.T) {
	t.Parallel()
	r := setup(t)
	for _, tc := range []struct {
		name string
		scan func() *domain.Scan
		want error
	}{
		{"nil scan", func() *domain.Scan { return nil }, domain.ErrInvalid},
		{"no advice", func() *domain.Scan { s := shortScan(); s.Advice = nil; return s }, domain.ErrConflict},
		{"not signed", func() *domain.Scan { s := shortScan(); s.Advice.SignedAt, s.Advice.SignedBy = nil, nil; return s }, domain.ErrConflict},
		{"no checksum", func() *domain.Scan { s := shortScan(); s.Advice.SHA256 = ""; return s }, domain.ErrConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := r.Render(tc.scan(), domain.DocumentAdvice)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if b != nil {
				t.Error("got a PDF for an unsigned advice")
			}
		})
	}
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	checkGolden(t, "short_advice.golden", extractText(t, render(t, setup(t), shortScan())))
}

func TestRenderAllocations(t *testing.T) {
	r := setup(t)
	s := threePageScan()
	if n := len(pages(extractText(t, render(t, r, s)))); n != 3 {
		t.Fatalf("three-page fixture renders to %d pages; the budget is for 3", n)
	}
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := r.Render(s, domain.DocumentAdvice); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("three-page advice: %.0f allocations per render", allocs)
	if allocs > allocBudget {
		t.Errorf("three-page advice takes %.0f allocations, budget %d", allocs, allocBudget)
	}
}

func BenchmarkRender(b *testing.B) {
	r := setup(b)
	s := threePageScan()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(s, domain.DocumentAdvice); err != nil {
			b.Fatal(err)
		}
	}
}
