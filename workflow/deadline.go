package workflow

import (
	"time"

	"basisscan/domain"
)

// ResponseDeadline returns until when the candidate can respond to the
// draft advice put to them, or nil when none is put to them.
func (s *ScanService) ResponseDeadline(sc *domain.Scan) *time.Time {
	if sc.State != domain.StateCandidateReview || sc.Advice == nil || sc.Advice.ReviewFrom == nil {
		return nil
	}
	end := sc.Advice.ReviewFrom.Add(s.cfg.ResponsePeriod)
	return &end
}
