package workflow

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"basisscan/domain"
)

// maxPortfolio bounds the intended portefeuille, in characters.
const maxPortfolio = 500

// portfolioField refuses a portefeuille that is too long or holds
// characters no person types.
func portfolioField(p string) *domain.FieldError {
	if utf8.RuneCountInString(p) > maxPortfolio {
		return &domain.FieldError{Field: "portfolio", Message: "Beschrijf de beoogde portefeuille in ten hoogste 500 tekens."}
	}
	if domain.CheckText(p, false) != nil {
		return &domain.FieldError{Field: "portfolio", Message: "De portefeuille bevat tekens die niet in een tekst horen."}
	}
	return nil
}

// EditPortfolio replaces the intended portefeuille. The table allows it
// until the advice is put to the candidate: after that the advice the
// candidate responds to must speak of the portfolio it was written for.
// Only the formateur who started the scan edits it, not a recipient who
// merely receives the advice. Returns ECONFLICT from candidate_review on,
// EINVALID for a text refused.
func (s *ScanService) EditPortfolio(ctx context.Context, a domain.Actor, id string, ifMatch *int, text string) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionEditPortfolio, func(sc *domain.Scan, _ time.Time) error {
		if sc.Formateur.ID != a.UserID {
			return domain.Errorf(domain.EFORBIDDEN, "Alleen de formateur die de scan startte kan de portefeuille wijzigen.")
		}
		text = strings.TrimSpace(text)
		if f := portfolioField(text); f != nil {
			return domain.Invalid(*f)
		}
		sc.Portfolio = text
		return nil
	})
}
