package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"basisscan/domain"
)

// SignOff freezes the advice: it records the signer and time and the SHA-256
// of the advice's canonical content, and stores the rendered PDF with the
// SHA-256 of its bytes, all in one transaction. A failure to render leaves
// the scan unsigned.
func (s *ScanService) SignOff(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fireWithDocument(ctx, a, id, ifMatch, domain.ActionSignOff, func(sc *domain.Scan, now time.Time, _ domain.TxReader) (*domain.Document, error) {
		if sc.Advice == nil {
			return nil, domain.Errorf(domain.ECONFLICT, "Er is geen advies om te ondertekenen.")
		}
		signer := sc.Adviser
		if sc.SecondAdviser != nil && sc.SecondAdviser.ID == a.UserID {
			signer = *sc.SecondAdviser
		}
		sc.Advice.SignedBy = &signer
		sc.Advice.SignedAt = &now
		sum, err := AdviceHash(sc)
		if err != nil {
			return nil, err
		}
		sc.Advice.SHA256 = sum
		// Rendered inside the transaction: without its document the advice is
		// not signed.
		b, err := s.cfg.Renderer.Render(sc)
		if err != nil {
			return nil, fmt.Errorf("render advice document: %w", err)
		}
		pdfSum := sha256.Sum256(b)
		return &domain.Document{PDF: b, SHA256: hex.EncodeToString(pdfSum[:]), CreatedAt: now}, nil
	})
}

// canonicalAdvice is the frozen content of a signed advice. Its JSON encoding
// (fields in this order) is what AdviceHash hashes.
type canonicalAdvice struct {
	Reference              string            `json:"reference"`
	Candidate              string            `json:"candidate"`
	Office                 domain.Office     `json:"office"`
	Organisation           string            `json:"organisation"`
	PlannedAppointmentDate string            `json:"planned_appointment_date"`
	Conclusion             domain.Conclusion `json:"conclusion"`
	Summary                string            `json:"summary"`
	Findings               []domain.Finding  `json:"findings"`
	ResponseGiven          bool              `json:"response_given"`
	ResponseAgrees         bool              `json:"response_agrees"`
	ResponseComment        string            `json:"response_comment"`
	SignedBy               string            `json:"signed_by"`
	SignedAt               string            `json:"signed_at"`
}

// AdviceHash returns the hex SHA-256 of the signed advice's canonical content.
func AdviceHash(sc *domain.Scan) (string, error) {
	a := sc.Advice
	if a == nil || a.SignedBy == nil || a.SignedAt == nil {
		return "", fmt.Errorf("scan %s: advice is not signed", sc.ID)
	}
	c := canonicalAdvice{
		Reference: sc.Reference, Candidate: sc.Candidate.Name, Office: sc.Office, Organisation: sc.Organisation,
		PlannedAppointmentDate: sc.PlannedAppointmentDate.String(),
		Conclusion:             a.Conclusion, Summary: a.Summary, Findings: a.Findings,
		SignedBy: a.SignedBy.Name + " <" + a.SignedBy.Email + ">", SignedAt: a.SignedAt.UTC().Format(time.RFC3339Nano),
	}
	if r := sc.Response; r != nil {
		c.ResponseGiven, c.ResponseAgrees, c.ResponseComment = r.Given, r.Agrees, r.Comment
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode advice: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// AdviceDocument returns the signed advice's PDF to the formateur and the
// adviser of the scan, and to the candidate when configured so, from
// delivery on; every download is recorded in the audit trail (the history
// is for transitions). Returns
// ENOTFOUND, EFORBIDDEN, or ECONFLICT before delivery.
func (s *ScanService) AdviceDocument(ctx context.Context, a domain.Actor, id string) (*domain.Scan, *domain.Document, error) {
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.documentRefusal(a, sc); err != nil {
		if domain.ErrorCodeOf(err) == domain.EFORBIDDEN {
			s.denied(ctx, a, sc, string(domain.ActionDownloadAdvice), objectDocument)
		}
		return nil, nil, err
	}
	doc, err := s.store.Document(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("advice document of scan %s: %w", id, err)
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, string(domain.ActionDownloadAdvice), objectDocument, domain.AuditOK)); err != nil {
		return nil, nil, err
	}
	return sc, doc, nil
}

// MayDownloadAdvice reports whether AdviceDocument would give the actor the
// scan's advice document now, so that a page offers the download only then.
func (s *ScanService) MayDownloadAdvice(a domain.Actor, sc *domain.Scan) bool {
	return s.documentRefusal(a, sc) == nil
}

// documentRefusal says why the actor may not have the scan's advice
// document now, or nil when they may.
func (s *ScanService) documentRefusal(a domain.Actor, sc *domain.Scan) error {
	if a.Role == domain.RoleCandidate && !sc.Policy.CandidateMayDownload {
		return domain.Errorf(domain.EFORBIDDEN, "Het adviesdocument is bestemd voor de formateur.")
	}
	if sc.State != domain.StateDelivered && sc.State != domain.StateClosed {
		return &domain.Error{Code: domain.ECONFLICT, State: sc.State, Allowed: s.AllowedActions(a, sc),
			Message: fmt.Sprintf("Het adviesdocument is er pas na ondertekening; de scan is in de fase %q.", sc.State.DutchName())}
	}
	return nil
}
