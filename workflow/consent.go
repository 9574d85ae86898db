package workflow

import (
	"context"
	"fmt"
	"strings"
	"text/template"
	"time"

	"basisscan/domain"
)

// ConsentInput is the candidate's answer to the consent request.
type ConsentInput struct {
	Given bool
	// Version is the version of the consent text the candidate read; empty
	// means the one shown now.
	Version string
}

// Text is a text for people in one version.
type Text struct {
	Version string
	Text    string
}

// ConsentView is what the candidate reads before consenting: the consent
// text and the privacy statement, filled in for the scan.
type ConsentView struct {
	Consent Text
	Privacy Text
}

// consentChanged answers a consent to a text no longer shown.
const consentChanged = "De toestemmingstekst is intussen gewijzigd; lees hem opnieuw."

// Consent records the candidate's consent to the text of the version shown;
// a refusal ends the scan. Returns ECONFLICT when in.Version is set and is
// not the version shown now.
func (s *ScanService) Consent(ctx context.Context, a domain.Actor, id string, ifMatch *int, in ConsentInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionConsent, func(sc *domain.Scan, now time.Time) error {
		if in.Version != "" && in.Version != s.cfg.ConsentVersion {
			return &domain.Error{Code: domain.ECONFLICT, Message: consentChanged, State: sc.State, Allowed: s.AllowedActions(a, sc)}
		}
		sc.Consent = &domain.Consent{Given: in.Given, TextVersion: s.cfg.ConsentVersion, At: now}
		if in.Given {
			sc.QuestionnaireDue = s.questionnaireDue(now)
		}
		return nil // a refusal is its own final state, which says it all
	})
}

// ConsentText returns the consent text and the privacy statement as the
// scan's candidate reads them, to the candidate and the scan's advisers.
// Returns ENOTFOUND, or EFORBIDDEN for the formateur.
func (s *ScanService) ConsentText(ctx context.Context, a domain.Actor, id string) (*ConsentView, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != domain.RoleCandidate && a.Role != domain.RoleAdviser {
		s.denied(ctx, a, sc, "read_consent", objectScan)
		return nil, domain.Errorf(domain.EFORBIDDEN, "Alleen de kandidaat en de integriteitsadviseur lezen de toestemmingstekst.")
	}
	f := s.fields(sc.Organisation, sc.Office.DutchName())
	f.Adviseur, f.AdviseurEmail, f.Formateur = sc.Adviser.Name, sc.Adviser.Email, sc.Recipient.Name
	consent, err := s.render(s.cfg.ConsentTexts, f)
	if err != nil {
		return nil, err
	}
	privacy, err := s.render(s.cfg.PrivacyTexts, f)
	if err != nil {
		return nil, err
	}
	return &ConsentView{Consent: consent, Privacy: privacy}, nil
}

// Privacy returns the privacy statement for anyone, before any scan is
// known: it names no organisation, adviser or formateur.
func (s *ScanService) Privacy() (Text, error) {
	return s.render(s.cfg.PrivacyTexts, s.fields("de organisatie die u voor de basisscan uitnodigde", "bestuurder"))
}

// PrivacyURL is where people read the privacy statement; the invitation
// links it.
func (s *ScanService) PrivacyURL() string { return s.cfg.BaseURL + "/privacy" }

// fields fills what every text has: the organisation, the office, the
// response period and the retention terms of the configuration.
func (s *ScanService) fields(organisation, office string) domain.TextFields {
	r := s.cfg.Retention
	return domain.TextFields{Organisatie: organisation, Ambt: office,
		Reactietermijn: domain.DutchDays(s.cfg.ResponsePeriod),
		BewaarBenoemd:  domain.DutchDays(r.Appointed), BewaarNietBenoemd: domain.DutchDays(r.NotAppointed),
		BewaarTeruggetrokken: domain.DutchDays(r.Withdrawn), BewaarGestopt: domain.DutchDays(r.Cancelled)}
}

func (s *ScanService) render(texts map[string]*template.Template, f domain.TextFields) (Text, error) {
	t := texts[s.cfg.ConsentVersion]
	if t == nil {
		return Text{}, fmt.Errorf("no text of version %q loaded", s.cfg.ConsentVersion)
	}
	var b strings.Builder
	if err := t.Execute(&b, f); err != nil {
		return Text{}, fmt.Errorf("fill text %s: %w", s.cfg.ConsentVersion, err)
	}
	return Text{Version: s.cfg.ConsentVersion, Text: b.String()}, nil
}
