package workflow

import (
	"context"

	"basisscan/domain"
)

// ScanService fires actions on scans and reads them: intake, the
// invitation's acceptance, the questionnaire, research, signals, advice,
// the phase actions, signing, consent and export. Every write is one store
// transaction that loads the scan, checks visibility, role, version and
// state, changes it, and appends to its history.
type ScanService struct {
	*core
	store    domain.ScanStore
	accounts scanAccountStore
	chains   scanAuditStore
	views    map[viewKey]*domain.Template
}

// scanAccountStore is what scans read of accounts: the formateur's
// organisation and staff record, and the advisers an address names.
type scanAccountStore interface {
	Organisation(ctx context.Context, id string) (*domain.Organisation, error)
	StaffUsers(ctx context.Context, organisationID string) ([]domain.User, error)
	AdvisersFor(ctx context.Context, organisationID, email string) ([]domain.User, error)
}

// scanAuditStore is what scans read of the audit trail: a scan's chain,
// for its export.
type scanAuditStore interface {
	AuditChain(ctx context.Context, chain string) (domain.AuditChain, error)
}
