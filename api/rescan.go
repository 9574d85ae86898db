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
	out := toScanResponse(sc, s.Scans.AllowedActions(actor(c), sc), actor(c).Role)
	if v != nil && out.Rescan != nil {
		out.Rescan.EarlierState, out.Rescan.EarlierConclusion, out.Rescan.EarlierOutcome = v.State, v.Conclusion, v.Outcome
	}
	setETag(c, sc.Version)
	c.JSON(http.StatusOK, out)
}
