package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

type consentTextBody struct {
	Version          string `json:"version"`
	Text             string `json:"text"`
	PrivacyStatement struct {
		Version string `json:"version"`
		Text    string `json:"text"`
	} `json:"privacy_statement"`
	PrivacyURL string `json:"privacy_url"`
}

// The candidate reads the consent text and the privacy statement before
// consenting; the adviser may read them too, the formateur not. A consent
// to a text no longer shown is refused; the version read is recorded.
func TestConsentTextOverHTTP(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		for _, tok := range []string{s.Candidate.Token, s.Adviser.Token} {
			b := decode[consentTextBody](t, e.do(t, "GET", s.p("/consent"), tok, nil).want(t, http.StatusOK))
			if b.Version != "2026-1" || !strings.Contains(b.Text, orgA+" wil u benoemen als wethouder") ||
				b.PrivacyStatement.Version != "2026-1" || !strings.Contains(b.PrivacyStatement.Text, "Verantwoordelijk voor uw gegevens is "+orgA) ||
				b.PrivacyURL != baseURL+"/privacy" {
				t.Errorf("consent text: %+v", b)
			}
		}
		problemOf(t, e.do(t, "GET", s.p("/consent"), s.Formateur.Token, nil), http.StatusForbidden)

		p := problemOf(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]any{"consent": true, "version": "2025-9"}), http.StatusConflict)
		if p.Detail != "De toestemmingstekst is intussen gewijzigd; lees hem opnieuw." || p.State != "intake" {
			t.Errorf("consent to an old text: %+v", p)
		}
		b := decode[scanBody](t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]any{"consent": true, "version": "2026-1"}).want(t, http.StatusOK))
		if b.State != "questionnaire" {
			t.Fatalf("state %s after consent", b.State)
		}
		r := e.do(t, "GET", s.p("/export"), s.Candidate.Token, nil).want(t, http.StatusOK)
		if !strings.Contains(string(r.Body), `"text_version":"2026-1"`) {
			t.Errorf("export does not record the version read: %s", r.Body)
		}
	})
}

// The privacy statement is public: the invitation links it.
func TestPrivacyStatementOverHTTP(t *testing.T) {
	e := setup(t, storetest.SQLite)
	b := decode[struct {
		Version string `json:"version"`
		Text    string `json:"text"`
	}](t, e.do(t, "GET", "/api/v1/privacy", "", nil).want(t, http.StatusOK))
	if b.Version != "2026-1" || !strings.Contains(b.Text, "Autoriteit Persoonsgegevens") || strings.Contains(b.Text, orgA) {
		t.Fatalf("privacy statement: %+v", b)
	}
	s := e.newScan(t)
	msg, _ := e.mail.invitation(t, s.Reference)
	if !strings.Contains(msg.Body, baseURL+"/privacy") {
		t.Errorf("the invitation does not link the privacy statement:\n%s", msg.Body)
	}
}
