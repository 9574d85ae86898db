package domain

import (
	"context"
	"time"
)

// RetentionStore finds finished scans and destroys their content once
// they have been kept long enough.
type RetentionStore interface {
	// FinishedScans lists the scans in a final state whose content is not
	// yet destroyed.
	FinishedScans(ctx context.Context) ([]FinishedScan, error)
	// PurgeScan destroys the scan's content in one transaction: answers,
	// notes, VOG details, advice, document, invitations, history reasons,
	// and the candidate's name and address unless another scan still needs
	// them. What remains is the content-free record: reference, dates,
	// state, outcome. It appends audit to the scan's chain. Purging a
	// purged scan does nothing and returns false.
	PurgeScan(ctx context.Context, id string, now time.Time, audit AuditEvent) (bool, error)
}

// FinishedScan is a finished scan as retention sees it.
type FinishedScan struct {
	ID        string
	Reference string
	State     State
	Outcome   Outcome
	ClosedAt  time.Time
}
