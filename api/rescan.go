package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// respondRescan answers the adviser's read of a re-scan with the earlier
// scan's phase and conclusion: the adviser weighs a candidate scanned before
// knowing how that ended, never what it held.
func (s *Server) respondRescan(c *gin.Context, sc *domain.Scan) {
	v, err := s.Scans.EarlierScan(c.Request.Context(), actor(c), sc)
	if err != nil {
		respondError(c, err)
		return
	}
	// The same view as every other read of the scan (VOG status and
	// deadlines included), with the earlier scan added.
	out := s.scanView(actor(c), sc)
	if v != nil && out.Rescan != nil {
		out.Rescan.EarlierState, out.Rescan.EarlierConclusion, out.Rescan.EarlierOutcome = v.State, v.Conclusion, v.Outcome
	}
	setETag(c, sc.Version)
	c.JSON(http.StatusOK, out)
}
