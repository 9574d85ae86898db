package workflow_test

import (
	"strings"
	"testing"

	"basisscan/configs"
	"basisscan/domain"
	"basisscan/pdf"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// TestConsentText: the candidate (and the adviser) read the consent text and
// the privacy statement filled in for the scan; consent records the version
// read, and a consent to a version no longer shown is refused.
func TestConsentText(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		sc, err := e.svc.CreateScan(ctx, e.formateur, workflow.CreateScanInput{
			CandidateName: "Kees Kandidaat", CandidateEmail: "k@example.nl", Office: domain.OfficeWethouder,
			AdviserEmail: "a@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1),
		})
		if err != nil {
			t.Fatal(err)
		}
		token, err := e.svc.AcceptInvitation(ctx, codeRe.FindStringSubmatch(e.mail.All()[0].Body)[1])
		if err != nil {
			t.Fatal(err)
		}
		cand, _ := e.svc.Authenticate(ctx, token)
		for _, who := range []domain.Actor{cand, e.adviser} {
			v, err := e.svc.ConsentText(ctx, who, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Consent.Version != "2026-1" || v.Privacy.Version != "2026-1" {
				t.Errorf("versions %q, %q", v.Consent.Version, v.Privacy.Version)
			}
			for _, want := range []string{"Gemeente Zuidhaven wil u benoemen als wethouder", "a@example.nl",
				"vragenlijst", "gesprek", "openbare bronnen", "VOG", "4 jaar", "30 dagen", "intrekken", "10 dagen"} {
				if !strings.Contains(v.Consent.Text, want) {
					t.Errorf("consent text lacks %q", want)
				}
			}
			for _, want := range []string{"Verantwoordelijk voor uw gegevens is Gemeente Zuidhaven", "artikel 6 lid 1 onder a",
				"Gemeentewet artikel 36a lid 2", "artikel 15", "Autoriteit Persoonsgegevens", "functionaris gegevensbescherming",
				"automatische besluitvorming", "1 jaar"} {
				if !strings.Contains(v.Privacy.Text, want) {
					t.Errorf("privacy statement lacks %q", want)
				}
			}
			if strings.Contains(v.Consent.Text+v.Privacy.Text, "{{") {
				t.Error("a placeholder is left unfilled")
			}
		}
		if _, err := e.svc.ConsentText(ctx, e.formateur, sc.ID); codeOf(err) != domain.EFORBIDDEN {
			t.Fatalf("formateur reads the consent text: %v", err)
		}
		_, err = e.svc.Consent(ctx, cand, sc.ID, nil, workflow.ConsentInput{Given: true, Version: "2025-9"})
		if de, _ := domain.AsError(err); de == nil || de.Code != domain.ECONFLICT || !strings.Contains(de.Message, "lees hem opnieuw") {
			t.Fatalf("consent to an old text: %v", err)
		}
		got, err := e.svc.Consent(ctx, cand, sc.ID, nil, workflow.ConsentInput{Given: true, Version: "2026-1"})
		if err != nil || got.State != domain.StateQuestionnaire || got.Consent.TextVersion != "2026-1" {
			t.Fatalf("consent: %+v, %v", got, err)
		}
	})
}

// TestPrivacyStatementPublic: the statement anyone may read names no
// organisation or person and leaves no placeholder.
func TestPrivacyStatementPublic(t *testing.T) {
	e := setup(t, storetest.SQLite)
	p, err := e.svc.Privacy()
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != "2026-1" || strings.Contains(p.Text, "{{") || strings.Contains(p.Text, "Zuidhaven") ||
		!strings.Contains(p.Text, "de organisatie die u voor de basisscan uitnodigde") {
		t.Fatalf("public privacy statement %s:\n%s", p.Version, p.Text)
	}
}

// TestConsentVersionMustBeShipped: a configured version without its consent
// text or privacy statement stops start-up.
func TestConsentVersionMustBeShipped(t *testing.T) {
	t.Parallel()
	templates, err := configs.Templates()
	if err != nil {
		t.Fatal(err)
	}
	texts, err := configs.LoadTexts()
	if err != nil {
		t.Fatal(err)
	}
	renderer, err := pdf.New()
	if err != nil {
		t.Fatal(err)
	}
	cfg := workflow.Config{Templates: templates, ActiveTemplate: "2026-1", Renderer: renderer, AuditKeys: storetest.AuditKeys(),
		ConsentTexts: texts.Consent, PrivacyTexts: texts.Privacy}
	for version, ok := range map[string]bool{"": true, "2026-1": true, "2099-1": false} {
		cfg.ConsentVersion = version
		if _, err := workflow.New(nil, nil, cfg); (err == nil) != ok {
			t.Errorf("version %q: err = %v", version, err)
		}
	}
}
