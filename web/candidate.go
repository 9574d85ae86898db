package web

import "github.com/gin-gonic/gin"

// The candidate's pages: their scan's status, consent, the questionnaire,
// the draft advice and their response, withdrawal and the export.

func (s *Server) candidateRoutes(g *gin.RouterGroup) {
	s.questionnaireRoutes(g)
}

func (s *Server) candidateScan(c *gin.Context) { s.statusPage(c) }
