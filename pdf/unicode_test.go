package pdf

import (
	"strings"
	"testing"
	"time"

	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"basisscan/domain"
)

// everyPlane holds, between Latin words, characters from every Unicode
// plane the fonts lack (the BMP's Arabic and Hebrew, an emoji, 𝔸, a plane-2
// ideograph, a plane-14 tag, plane-15 and -16 private use), combining marks
// with and without a precomposed form, bidi controls and a ZWJ sequence.
const everyPlane = "Alfa Akkoord 👍 beta 𝔸 gamma \U00020000 delta \U000E0041 epsilon \U000F0000 zeta \U0010FFFD eta " +
	"cafe\u0301 theta q\u0301 iota مرحبا kappa שלום lambda \u202Eomgekeerd\u202C mu \u200Frtl\u200E nu 👨\u200D👩\u200D👧 omega"

// everyPlaneLatin are the parts of everyPlane the fonts can show, as
// pdftotext reads them back.
var everyPlaneLatin = []string{"Alfa Akkoord", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "café theta", "iota",
	"kappa", "lambda", "omgekeerd", "mu", "rtl", "nu", "omega"}

// textFields sets each text the document prints, one at a time.
var textFields = []struct {
	name string
	set  func(s *domain.Scan, v string)
}{
	{"candidate name", func(s *domain.Scan, v string) { s.Candidate.Name = v }},
	{"organisation", func(s *domain.Scan, v string) { s.Organisation = v }},
	{"office", func(s *domain.Scan, v string) { s.Office = domain.Office(v) }},
	{"recipient", func(s *domain.Scan, v string) { s.Recipient.Name = v }},
	{"signing adviser", func(s *domain.Scan, v string) { s.Advice.SignedBy.Name = v }},
	{"questionnaire version", func(s *domain.Scan, v string) { s.TemplateVersion = v }},
	{"consent text version", func(s *domain.Scan, v string) { s.Consent.TextVersion = v }},
	{"VOG profile", func(s *domain.Scan, v string) { s.VOG.Profile = v }},
	{"VOG status", func(s *domain.Scan, v string) { s.VOG.Status = domain.VOGStatus(v) }},
	{"source kind", func(s *domain.Scan, v string) { s.Research[0].Source = domain.SourceKind(v) }},
	{"source note", func(s *domain.Scan, v string) { s.Research[0].Note = v }},
	{"conclusion", func(s *domain.Scan, v string) { s.Advice.Conclusion = domain.Conclusion(v) }},
	{"summary", func(s *domain.Scan, v string) { s.Advice.Summary = v }},
	{"finding title", func(s *domain.Scan, v string) { s.Advice.Findings[0].Title = v }},
	{"finding description", func(s *domain.Scan, v string) { s.Advice.Findings[0].Description = v }},
	{"finding class", func(s *domain.Scan, v string) { s.Advice.Findings[0].Class = domain.FindingClass(v) }},
	{"finding measure", func(s *domain.Scan, v string) { s.Advice.Findings[0].Measure = v }},
	{"finding legal basis", func(s *domain.Scan, v string) { s.Advice.Findings[0].LegalBasis = v }},
	{"response comment", func(s *domain.Scan, v string) { s.Response.Comment = v }},
	{"portfolio", func(s *domain.Scan, v string) { s.Portfolio = v }},
	{"attendee", func(s *domain.Scan, v string) { s.Interview.Attendees = []domain.Attendee{{Name: v, Role: v}} }},
	{"interview topic", func(s *domain.Scan, v string) { s.Interview.Topics = []string{v} }},
	{"weighing", func(s *domain.Scan, v string) { s.Advice.Weighing = &domain.Weighing{Explanation: v} }},
	{"signer organisation", func(s *domain.Scan, v string) { s.Advice.SignerOrganisation = v }},
}

// Every text that can be stored renders: what the fonts lack is replaced
// by a visible mark, never a failed (or crashed) sign-off.
func TestRenderEveryFieldEveryPlane(t *testing.T) {
	t.Parallel()
	r := setup(t)
	all := func(s *domain.Scan, v string) {
		for _, f := range textFields {
			if f.name != "source note" { // the note is not printed
				f.set(s, v)
			}
		}
	}
	for _, f := range append(textFields, struct {
		name string
		set  func(s *domain.Scan, v string)
	}{"all at once", all}) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			s := shortScan()
			f.set(s, everyPlane)
			b, err := r.Render(s, domain.DocumentAdvice)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if f.name == "source note" {
				return
			}
			text := flat(extractText(t, b))
			for _, want := range append(everyPlaneLatin, replacement) {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q", want)
				}
			}
			for _, raw := range []string{"👍", "𝔸", "\U00020000", "ש", "م", "\u202E", "\u200D"} {
				if strings.Contains(text, raw) {
					t.Errorf("text holds %q, which the fonts lack", raw)
				}
			}
		})
	}
}

func TestPrintable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Eva Ëlberts-Smit ’€", "Eva Ëlberts-Smit ’€"},
		{"cafe\u0301", "café"},
		{"q\u0301", "q" + replacement},
		{"Akkoord 👍", "Akkoord " + replacement},
		{"𝔸\U00020000\U000F0000\U0010FFFD", replacement},
		{"a\U000E0041b", "ab"},
		{"👨\u200D👩\u200D👧", replacement},
		{"\u202Eabc\u202C \u200Fdef\u200E \u2067ghi\u2069", "abc def ghi"},
		{"שלום עולם", replacement + " " + replacement},
		{"regel\none\ttab\r\x07", "regel\none tab  "},
		{"\xff", replacement},
	} {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Should text reach gofpdf unsanitised after all, the render fails with an
// error instead of taking the process down.
func TestGenerateRecoversFromPanic(t *testing.T) {
	t.Parallel()
	r := setup(t)
	raw := []core.Row{text.NewAutoRow("Akkoord 👍", props.Text{})}
	b, err := r.generate(nil, raw, time.Unix(0, 0).UTC(), "proef")
	if err == nil || b != nil {
		t.Fatalf("generate of a rune above U+FFFF: %d bytes, err %v; want an error", len(b), err)
	}
}
