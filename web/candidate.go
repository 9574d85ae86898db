package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The candidate's pages: their scan's status, consent, the questionnaire,
// the draft advice and their response, withdrawal and the export.

func (s *Server) candidateRoutes(g *gin.RouterGroup) {}

func (s *Server) candidateScan(c *gin.Context) { s.statusPage(c) }

// statusPage says which phase the scan is in and what the visitor can do.
func (s *Server) statusPage(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	s.render(c, http.StatusOK, "scan_status.html", page{Title: "Scan " + sc.Reference, Notice: notice(c),
		Data: statusData{Scan: sc, Allowed: s.Scans.AllowedActions(a, sc), Deadline: s.Scans.ResponseDeadline(sc)}})
}
