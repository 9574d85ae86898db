package web

import "github.com/gin-gonic/gin"

// The formateur's pages: their scans with phase and dates, starting a
// scan, a second adviser, the signed advice, the outcome, cancelling.

func (s *Server) formateurRoutes(g *gin.RouterGroup) {}

func (s *Server) formateurScan(c *gin.Context) { s.statusPage(c) }
