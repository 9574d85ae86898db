package api_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// pdfText returns the text of a downloaded PDF as pdftotext reads it,
// with white space collapsed.
func pdfText(t testing.TB, pdf []byte) string {
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
	return strings.Join(strings.Fields(string(out)), " ")
}

// The formateur's PDF says which open sources the adviser checked and when,
// never the adviser's notes on them.
func TestAdvicePDFHoldsNoResearchNotes(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		e.walk(t, s, domain.StateInterview)
		e.do(t, "PUT", s.p("/research"), s.Adviser.Token, map[string]any{"sources": []map[string]string{
			{"source": "kadaster", "checked_on": "2026-02-27", "note": secretResearch},
			{"source": "kvk", "checked_on": "2026-02-26", "note": "Twee inschrijvingen"},
		}}).want(t, http.StatusOK)
		e.walk(t, s, domain.StateDelivered)
		text := pdfText(t, e.do(t, "GET", s.p("/advice.pdf"), s.Formateur.Token, nil).want(t, http.StatusOK).Body)
		for _, want := range []string{"Kadaster geraadpleegd op 27 februari 2026", "KvK-handelsregister geraadpleegd op 26 februari 2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
		for _, note := range []string{secretResearch, "Twee inschrijvingen"} {
			if strings.Contains(text, note) {
				t.Errorf("the formateur's PDF shows the research note %q", note)
			}
		}
	})
}

// Characters the PDF's fonts lack (here emoji, 𝔸 and Hebrew) neither block
// the sign-off nor the download; they print as a replacement mark.
func TestSignOffWithEmoji(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		body := createBody("emoji@example.nl", e.adviser.Email)
		body["candidate"] = map[string]string{"name": "Noa 🌷 Cohen 𝔸 כהן", "email": "emoji@example.nl"}
		r := e.do(t, "POST", "/api/v1/scans", e.formateur.Token, body).want(t, http.StatusCreated)
		b := decode[scanBody](t, r)
		_, code := e.mail.invitation(t, b.Reference)
		tok := decode[map[string]string](t, e.do(t, "POST", "/api/v1/invitations/"+code+"/accept", "", nil).want(t, http.StatusOK))
		s := &scan{ID: b.ID, Reference: b.Reference, Formateur: e.formateur, Adviser: e.adviser,
			Candidate: user{Token: tok["token"], Role: domain.RoleCandidate}}
		e.walk(t, s, domain.StateCandidateReview)
		e.do(t, "POST", s.p("/advice/response"), s.Candidate.Token, map[string]any{"agrees": true, "comment": "Akkoord 👍"}).
			want(t, http.StatusOK)
		e.do(t, "POST", s.p("/sign-off"), s.Adviser.Token, nil).want(t, http.StatusOK)
		text := pdfText(t, e.do(t, "GET", s.p("/advice.pdf"), s.Formateur.Token, nil).want(t, http.StatusOK).Body)
		for _, want := range []string{"Kandidaat Noa □ Cohen □", "Akkoord □"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
	})
}
