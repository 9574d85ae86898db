package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"basisscan/domain"
	"basisscan/workflow/emailaddr"
)

// errNoEarlierScan answers every earlier reference that does not name a
// scan of the same candidate in the formateur's organisation, in the same
// words: whether another organisation has a scan with it is not theirs to learn.
var errNoEarlierScan = domain.FieldError{Field: "rescan.earlier_reference",
	Message: "Er is in uw organisatie geen eerdere scan van deze kandidaat met dit kenmerk (BS-…)."}

// rescanOf checks a re-scan's kind and earlier scan: a scan of the same
// candidate (the same e-mail address, so the same candidate account) in the
// formateur's organisation. candidateEmail is the new scan's, normalised;
// empty when it was refused, and then only the kind is checked.
func (s *ScanService) rescanOf(ctx context.Context, a domain.Actor, candidateEmail string, in RescanInput) (*domain.Rescan, []domain.FieldError, error) {
	var fields []domain.FieldError
	if !slices.Contains(domain.RescanKinds, in.Kind) {
		names := make([]string, len(domain.RescanKinds))
		for i, k := range domain.RescanKinds {
			names[i] = k.DutchName()
		}
		fields = append(fields, domain.FieldError{Field: "rescan.kind",
			Message: "Kies het soort herhaalde scan: " + strings.Join(names, " of ") + "."})
	}
	ref := strings.ToUpper(strings.TrimSpace(in.EarlierReference))
	if ref == "" {
		return nil, append(fields, domain.FieldError{Field: "rescan.earlier_reference",
			Message: "Vul het kenmerk (BS-…) van de eerdere scan in."}), nil
	}
	if candidateEmail == "" {
		return nil, fields, nil
	}
	found, err := s.store.Scans(ctx, domain.ScanFilter{Reference: ref, Organisations: []string{a.OrganisationID}})
	if err != nil {
		return nil, nil, fmt.Errorf("earlier scan: %w", err)
	}
	i := slices.IndexFunc(found, func(sc domain.Scan) bool {
		e, err := emailaddr.Normalise(sc.Candidate.Email)
		return err == nil && e == candidateEmail && sc.OrganisationID == a.OrganisationID
	})
	if i < 0 {
		return nil, append(fields, errNoEarlierScan), nil
	}
	return &domain.Rescan{Kind: in.Kind, EarlierScanID: found[i].ID, EarlierReference: found[i].Reference}, fields, nil
}

// EarlierScanView is what the adviser learns of a re-scan's earlier scan:
// its phase and conclusion, not its content.
type EarlierScanView struct {
	Kind       domain.RescanKind
	Reference  string
	State      domain.State      // empty when the earlier scan is gone
	Conclusion domain.Conclusion // of its signed advice; empty when there is none
	Outcome    domain.Outcome    // whether the candidate was appointed then
}

// EarlierScan returns the earlier scan of a re-scan the adviser reads, or
// nil for a first scan. Only the adviser sees the link: the formateur and
// the candidate get EFORBIDDEN.
func (s *ScanService) EarlierScan(ctx context.Context, a domain.Actor, sc *domain.Scan) (*EarlierScanView, error) {
	if a.Role != domain.RoleAdviser || !canSee(a, sc) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Alleen de adviseur ziet of dit een herhaalde scan is.")
	}
	if sc.Rescan == nil {
		return nil, nil
	}
	v := &EarlierScanView{Kind: sc.Rescan.Kind, Reference: sc.Rescan.EarlierReference}
	earlier, err := s.store.Scan(ctx, sc.Rescan.EarlierScanID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return v, nil // purged under the retention rules: the reference is all that is left
	case err != nil:
		return nil, fmt.Errorf("earlier scan of %s: %w", sc.ID, err)
	}
	if earlier.OrganisationID != sc.OrganisationID {
		return v, nil // never: the link is checked at intake; shown as gone rather than across organisations
	}
	v.State, v.Outcome = earlier.State, earlier.Outcome
	if earlier.Advice != nil && earlier.Advice.SignedAt != nil { // a draft's conclusion is no conclusion yet
		v.Conclusion = earlier.Advice.Conclusion
	}
	return v, nil
}
