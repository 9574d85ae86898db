package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"basisscan/domain"
)

// SignOff freezes the advice: it records the signer, their organisation,
// the time and the VOG as it stands, and the SHA-256 of the advice's
// canonical content, and stores both rendered documents (the full advice and
// the raad's summary) with the SHA-256 of their bytes, all in one
// transaction. A failure to render either leaves the scan unsigned. The
// messages to the recipient, and to the candidate when they get a copy, go
// into the outbox in the same transaction.
func (s *ScanService) SignOff(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error) {
	return s.fireWithDocuments(ctx, a, id, ifMatch, domain.ActionSignOff, func(sc *domain.Scan, now time.Time, tx domain.TxReader) ([]*domain.Document, error) {
		if sc.Advice == nil {
			return nil, domain.Errorf(domain.ECONFLICT, "Er is geen advies om te ondertekenen.")
		}
		signer := sc.Adviser
		if sc.SecondAdviser != nil && sc.SecondAdviser.ID == a.UserID {
			signer = *sc.SecondAdviser
		}
		// Read in the transaction: the signature names the organisation the
		// signer belongs to, which for an assigned adviser is not the scan's.
		org, err := tx.UserOrganisationName(ctx, signer.ID)
		if err != nil {
			return nil, fmt.Errorf("organisation of the signer: %w", err)
		}
		sc.Advice.SignedBy = &signer
		sc.Advice.SignedAt = &now
		sc.Advice.SignerOrganisation = org
		if sc.VOG != nil {
			v := *sc.VOG
			sc.Advice.VOGAtSignOff = &v
		}
		sum, err := AdviceHash(sc)
		if err != nil {
			return nil, err
		}
		sc.Advice.SHA256 = sum
		// Rendered inside the transaction: without its documents the advice
		// is not signed.
		docs := make([]*domain.Document, 0, len(domain.DocumentKinds))
		for _, kind := range domain.DocumentKinds {
			b, err := s.cfg.Renderer.Render(sc, kind)
			if err != nil {
				return nil, fmt.Errorf("render %s document: %w", kind, err)
			}
			pdfSum := sha256.Sum256(b)
			docs = append(docs, &domain.Document{Kind: kind, PDF: b, SHA256: hex.EncodeToString(pdfSum[:]), CreatedAt: now})
		}
		return docs, nil
	})
}

// canonicalAdvice is the frozen content of a signed advice. Its JSON encoding
// (fields in this order) is what AdviceHash hashes. Version 1, without a
// version field, is the form of advices signed before issue 12; version 2
// adds what the document of issue 12 shows. Fields of version 2 are left
// out of version 1's encoding, so its hashes stay what they were.
type canonicalAdvice struct {
	Version                int               `json:"version,omitempty"`
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
	*canonicalV2
}

// canonicalV2 is what version 2 adds. The findings' measure owner and
// deadline are in Findings already (empty in version 1 advices).
type canonicalV2 struct {
	RecipientRole      domain.RecipientRole `json:"recipient_role"`
	Recipient          string               `json:"recipient"`
	Portfolio          string               `json:"portfolio"`
	Weighing           *canonicalWeighing   `json:"weighing"`
	VOGAtSignOff       *canonicalVOG        `json:"vog_at_sign_off"`
	SignerOrganisation string               `json:"signer_organisation"`
}

type canonicalWeighing struct {
	Changed     bool   `json:"changed"`
	Explanation string `json:"explanation"`
}

type canonicalVOG struct {
	Status   domain.VOGStatus `json:"status"`
	IssuedOn string           `json:"issued_on"`
	Profile  string           `json:"profile"`
}

// canonicalVersion is the form an advice was signed in: every sign-off
// since version 2 records the signer's organisation, none before did.
func canonicalVersion(a *domain.Advice) int {
	if a.SignerOrganisation == "" {
		return 1
	}
	return 2
}

// AdviceHash returns the hex SHA-256 of the signed advice's canonical
// content, in the form it was signed in.
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
	if v := canonicalVersion(a); v > 1 {
		c.Version = v
		c.canonicalV2 = &canonicalV2{RecipientRole: sc.RecipientRole, Recipient: sc.Recipient.Name,
			Portfolio: sc.Portfolio, SignerOrganisation: a.SignerOrganisation}
		if w := a.Weighing; w != nil {
			c.Weighing = &canonicalWeighing{Changed: w.Changed, Explanation: w.Explanation}
		}
		if g := a.VOGAtSignOff; g != nil {
			c.VOGAtSignOff = &canonicalVOG{Status: g.Status, IssuedOn: g.IssuedOn.String(), Profile: g.Profile}
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode advice: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// AdviceDocument returns a signed scan's document of the kind, the full
// advice or the raad's summary, to the formateur (or recipient) and the
// adviser of the scan, and to the candidate when configured so, from
// delivery on; every download is recorded in the audit trail (the history
// is for transitions), as is every refusal. Returns ENOTFOUND (also for an
// unknown kind), EFORBIDDEN, or ECONFLICT before delivery.
func (s *ScanService) AdviceDocument(ctx context.Context, a domain.Actor, id string, kind domain.DocumentKind) (*domain.Scan, *domain.Document, error) {
	if !slices.Contains(domain.DocumentKinds, kind) {
		return nil, nil, errScanNotFound
	}
	sc, err := s.Scan(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	object := documentObject(kind)
	if err := s.documentRefusal(a, sc); err != nil {
		if domain.ErrorCodeOf(err) == domain.EFORBIDDEN {
			s.denied(ctx, a, sc, string(domain.ActionDownloadAdvice), object)
		}
		return nil, nil, err
	}
	doc, err := s.store.Document(ctx, id, kind)
	if err != nil {
		return nil, nil, fmt.Errorf("%s document of scan %s: %w", kind, id, err)
	}
	if err := s.audit(ctx, s.event(ctx, a, sc, string(domain.ActionDownloadAdvice), object, domain.AuditOK)); err != nil {
		return nil, nil, err
	}
	return sc, doc, nil
}

// documentObject is the audit object of a download: the full advice keeps
// the object it had before there was a second document.
func documentObject(kind domain.DocumentKind) string {
	if kind == domain.DocumentAdvice {
		return objectDocument
	}
	return objectDocument + "_" + string(kind)
}

// MayDownloadAdvice reports whether AdviceDocument would give the actor the
// scan's documents (both kinds alike) now, so that a page offers the download only then.
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
