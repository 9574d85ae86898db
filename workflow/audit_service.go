package workflow

import "basisscan/domain"

// AuditService reads and checks the audit trail: a scan's trail for its
// adviser, the verification of every chain, and the checkpoints that seal
// the chains' heads outside the database.
type AuditService struct {
	*core
	store domain.AuditStore
	scans *ScanService // a trail is read through its scan's visibility
}
