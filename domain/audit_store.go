package domain

import "context"

// AuditStore persists the audit trail: its hash chains and what of a scan
// they cover, and the counted refusals.
type AuditStore interface {
	// AppendAudit appends events to their chains, in one transaction.
	AppendAudit(ctx context.Context, events ...AuditEvent) error
	// AuditChain returns a chain's events in seq order, with its head.
	AuditChain(ctx context.Context, chain string) (AuditChain, error)
	// AuditEvents returns up to limit events of the chain after afterSeq,
	// in seq order: a page, so that a long chain verifies in bounded memory.
	AuditEvents(ctx context.Context, chain string, afterSeq, limit int) ([]AuditEvent, error)
	// AuditHead returns the seq and MAC of the chain's recorded last event;
	// zero values when it has none.
	AuditHead(ctx context.Context, chain string) (int, string, error)
	// AuditChains lists every chain, and every scan's id, whether or not
	// its chain is still there.
	AuditChains(ctx context.Context) ([]string, error)
	// ScanRecord returns what the audit trail covers of a scan as stored.
	// Returns ENOTFOUND.
	ScanRecord(ctx context.Context, id string) (*ScanRecord, error)
	// RecordRefusal counts one refused attempt in its minute's row; it
	// retries a busy database, so that no refusal is lost.
	RecordRefusal(ctx context.Context, r Refusal) error
	// Refusals returns the refusals on the scan (empty id: on none), oldest
	// first.
	Refusals(ctx context.Context, scanID string) ([]Refusal, error)
}

// AuditChain is one chain of the audit trail as stored.
type AuditChain struct {
	Chain    string
	Events   []AuditEvent // in seq order
	HeadSeq  int
	HeadHash string
}

// Verify returns the chain's first break, or nil.
func (c AuditChain) Verify(keys *AuditKeys) *ChainBreak {
	return VerifyChain(keys, c.Chain, c.Events, c.HeadSeq, c.HeadHash)
}

// ScanRecord is what the audit trail covers of a stored scan.
type ScanRecord struct {
	State           State
	Version         int
	AdviserID       string
	SecondAdviserID string
	History         []HistoryEntry
}
