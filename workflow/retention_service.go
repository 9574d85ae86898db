package workflow

import "basisscan/domain"

// RetentionService destroys the content of finished scans: the purge of
// those kept long enough, and the erasure a candidate asks for.
type RetentionService struct {
	*core
	store  domain.RetentionStore
	scans  *ScanService // erasure reads the scan as its candidate sees it
	mailer domain.Mailer
}
